package dev.clawdbot.broker.email;

import dev.clawdbot.broker.OperatorChannel;
import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.broker.OperatorNotice;
import dev.clawdbot.broker.RequestView;
import dev.clawdbot.broker.render.ApprovalText;
import dev.clawdbot.broker.render.CurrentFiles;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.MailSender;
import dev.clawdbot.mail.OutgoingMail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Sends the operator approval requests, reminders, follow-ups and outcomes over SMTP. The subject carries
 * the request token in brackets; the first message's Message-ID names the request so replies are matched
 * by In-Reply-To as well. The body shows the exact actions, their hash, the one-time code and the signed link.
 */
public final class EmailOperatorChannel implements OperatorChannel {

    static final String MSGID_DOMAIN = "broker.clawdbot";
    private final OperatorEmailConfig config;
    private final MailSender sender;
    private final Clock clock;
    private final CurrentFiles files;

    public EmailOperatorChannel(OperatorEmailConfig config, Clock clock) {
        this(config, clock, CurrentFiles.LOCAL);
    }

    /** {@code files} reads the current file a write replaces, for the diff in the approval mail. */
    public EmailOperatorChannel(OperatorEmailConfig config, Clock clock, CurrentFiles files) {
        this.config = config;
        this.sender = new MailSender(config.smtp(), clock);
        this.clock = clock;
        this.files = files;
    }

    @Override
    public String name() {
        return "email";
    }

    /** The Message-ID of the approval request for {@code requestId}; replies point at it with In-Reply-To. */
    static String rootMessageId(String requestId) {
        return "<" + requestId + "@" + MSGID_DOMAIN + ">";
    }

    @Override
    public void send(OperatorNotice notice) throws MailException {
        RequestView r = notice.request();
        String tag = "[clawdbot " + r.token() + "] ";
        String subject;
        String body;
        String messageId;
        switch (notice) {
            case OperatorNotice.AskApproval a -> {
                subject = tag + "Approve? " + UntrustedText.inline(r.request().summary());
                body = approvalBody(r, a.code(), a.approveLink() == null ? null : a.approveLink().toString(), false);
                messageId = rootMessageId(r.id());
            }
            case OperatorNotice.Reminder a -> {
                subject = tag + "Reminder: approve? " + UntrustedText.inline(r.request().summary());
                body = approvalBody(r, a.code(), a.approveLink() == null ? null : a.approveLink().toString(), true);
                messageId = childId(r, "reminder");
            }
            case OperatorNotice.FollowUp fu -> {
                subject = tag + "Re: " + UntrustedText.inline(r.request().summary());
                body = fu.text() + "\n\nRequest " + r.id() + ", actions hash " + r.actionHash() + ".\n"
                        + "One-time code (keep it in your reply): " + fu.code() + "\n";
                messageId = childId(r, "followup");
            }
            case OperatorNotice.Outcome o -> {
                subject = tag + r.state().wire() + ": " + UntrustedText.inline(r.request().summary());
                body = "Request " + r.id() + " is " + r.state().wire() + ".\n\n" + (r.result() == null ? ""
                        : "Result (command output, untrusted):\n" + String.join("\n", ApprovalText.quote(r.result()))) + "\n";
                messageId = childId(r, "outcome");
            }
        }
        OutgoingMail m = OutgoingMail.of(config.from(), config.operators(), subject, body).withMessageId(messageId)
                .withAttachments(attachments(r, notice instanceof OperatorNotice.AskApproval || notice instanceof OperatorNotice.Reminder));
        if (!(notice instanceof OperatorNotice.AskApproval)) {
            m = m.withHeader("In-Reply-To", rootMessageId(r.id())).withHeader("References", rootMessageId(r.id()));
        }
        sender.send(m);
    }

    /** Sends a plain reply to one allowlisted operator, threaded under {@code inReplyTo} (may be null). */
    void reply(String to, String subject, String inReplyTo, String body) throws MailException {
        if (!config.operators().contains(to)) throw new IllegalArgumentException("not an operator address: " + to);
        OutgoingMail m = OutgoingMail.of(config.from(), List.of(to), subject, body)
                .withMessageId("<cmd." + clock.millis() + "." + Integer.toHexString(body.hashCode()) + "@" + MSGID_DOMAIN + ">");
        if (inReplyTo != null) m = m.withHeader("In-Reply-To", inReplyTo).withHeader("References", inReplyTo);
        sender.send(m);
    }

    private String childId(RequestView r, String kind) {
        return "<" + r.id() + "." + kind + "." + clock.millis() + "@" + MSGID_DOMAIN + ">";
    }

    private String approvalBody(RequestView r, String code, String link, boolean reminder) {
        StringBuilder sb = new StringBuilder();
        if (reminder) sb.append("Reminder: this request expires at ").append(r.expiresAt()).append(" and will NOT be approved by default.\n\n");
        sb.append(ApprovalText.plain(r, files, ApprovalText.Long.DIFF_AND_ATTACHMENT)).append('\n');
        sb.append("Actions hash: ").append(r.actionHash()).append('\n');
        sb.append("Request: ").append(r.id()).append(", expires ").append(r.expiresAt()).append("\n\n");
        sb.append("Reply in plain words: \"yes\" approves exactly these actions, \"no\" denies, a question gets an answer,\n");
        sb.append("a change (\"yes, but only on web1\") becomes a new request that needs its own approval.\n");
        sb.append("One-time code (keep it in your reply): ").append(code).append('\n');
        if (link != null) {
            sb.append("Or approve exactly these actions with this link: ").append(link).append('\n');
            sb.append("The page asks for the request's page code, shown in the admin bot's Telegram message and by\n")
                    .append("clawdbot request show ").append(r.id()).append(" (not in this mail, so a forwarded copy of it approves nothing).\n");
        }
        return sb.toString();
    }

    /** Each long content as an attachment of its exact bytes (named in its action block). */
    private List<OutgoingMail.Attachment> attachments(RequestView r, boolean attach) {
        if (!attach) return List.of();
        return ApprovalText.blocks(r.actions(), files).stream()
                .filter(b -> b.content() != null && b.content().shown() != ApprovalText.Shown.FULL)
                .map(b -> new OutgoingMail.Attachment(b.content().attachmentName(b.index()), b.content().raw().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
