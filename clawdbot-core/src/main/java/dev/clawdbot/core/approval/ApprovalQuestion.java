package dev.clawdbot.core.approval;

import java.util.List;

/**
 * An approval question: the request, its exact actions as the broker's approval text renders them for each kind
 * of surface, and the options. A surface shows one rendering whole and offers {@link #APPROVE} only when the
 * rendering is {@link Shown#complete() complete} and fits, so the operator approves only what was shown.
 */
public record ApprovalQuestion(ApprovalMessage.Request request, Shown textOnly, Shown withAttachments, List<String> options) {

    public static final String APPROVE = "Approve";
    public static final String DENY = "Deny";

    public ApprovalQuestion {
        options = List.copyOf(options);
    }

    /**
     * The whole request as plain text (who asks what, why, every action block, the actions hash, the assessment).
     * {@code complete}: every content is visible in {@code text} or in {@code attachments} (the exact bytes of
     * contents too long to show, named in their action block).
     */
    public record Shown(String text, boolean complete, List<Attachment> attachments) {
        public Shown {
            attachments = List.copyOf(attachments);
        }
    }

    /** One content's exact text, attached under {@code name}. */
    public record Attachment(String name, String content) {
    }
}
