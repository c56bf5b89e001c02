package dev.clawdbot.broker.render;

import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.ApprovalQuestion;

import java.net.URI;
import java.util.List;

/**
 * The broker's messages to the operator, rendered once by {@link ApprovalText} for every kind of surface, so a
 * channel shows exactly what the approval binds to and never renders actions itself.
 */
public final class ApprovalMessages {

    private ApprovalMessages() {
    }

    public static ApprovalMessage.Request request(RequestView r) {
        return new ApprovalMessage.Request(r.id(), r.token(), r.request().summary(), r.actionHash(), r.expiresAt());
    }

    /**
     * The question for {@code r}: as text alone (a chat message; long content as a diff, else left out, which makes
     * it incomplete) and with attachments (mail; long content as a diff and attached in exact bytes).
     */
    public static ApprovalQuestion question(RequestView r, CurrentFiles files) {
        List<ApprovalText.Block> blocks = ApprovalText.blocks(r.actions(), files);
        ApprovalQuestion.Shown textOnly = new ApprovalQuestion.Shown(ApprovalText.plain(r, files, ApprovalText.Long.DIFF_OR_OMIT),
                ApprovalText.allShown(blocks, ApprovalText.Long.DIFF_OR_OMIT), List.of());
        List<ApprovalQuestion.Attachment> attached = blocks.stream().filter(b -> b.content() != null && b.content().shown() != ApprovalText.Shown.FULL)
                .map(b -> new ApprovalQuestion.Attachment(b.content().attachmentName(b.index()), b.content().raw())).toList();
        ApprovalQuestion.Shown withAttachments = new ApprovalQuestion.Shown(ApprovalText.plain(r, files, ApprovalText.Long.DIFF_AND_ATTACHMENT), true, attached);
        return new ApprovalQuestion(request(r), textOnly, withAttachments, List.of(ApprovalQuestion.APPROVE, ApprovalQuestion.DENY));
    }

    public static ApprovalMessage.AskApproval ask(RequestView r, String code, String pageCode, URI link) {
        return new ApprovalMessage.AskApproval(question(r, CurrentFiles.LOCAL), code, pageCode, link);
    }

    public static ApprovalMessage.Reminder reminder(RequestView r, String code, String pageCode, URI link) {
        return new ApprovalMessage.Reminder(question(r, CurrentFiles.LOCAL), code, pageCode, link);
    }

    public static ApprovalMessage.FollowUp followUp(RequestView r, String text, String code) {
        return new ApprovalMessage.FollowUp(request(r), text, code);
    }

    public static ApprovalMessage.Outcome outcome(RequestView r) {
        return new ApprovalMessage.Outcome(request(r), r.state().wire(), r.result() == null ? null : String.join("\n", ApprovalText.quote(r.result())));
    }
}
