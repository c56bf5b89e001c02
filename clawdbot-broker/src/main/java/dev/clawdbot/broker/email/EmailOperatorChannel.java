package dev.clawdbot.broker.email;

import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.ApprovalQuestion;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.MailSender;
import dev.clawdbot.mail.OutgoingMail;

import java.nio.charset.StandardCharsets;
import java.util.List;

import java.time.Clock;

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

    public EmailOperatorChannel(OperatorEmailConfig config, Clock clock) {
        this.config = config;
        this.sender = new MailSender(config.smtpSettings(), clock);
        this.clock = clock;
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
    public void send(ApprovalMessage notice) throws MailException {
        ApprovalMessage.Request r = notice.request();
        String tag = "[clawdbot " + r.token() + "] ";
        String subject;
        String body;
        String messageId;
        List<ApprovalQuestion.Attachment> attachments = List.of();
        switch (notice) {
            case ApprovalMessage.AskApproval a -> {
                subject = tag + "Approve? " + UntrustedText.inline(r.summary());
                body = approvalBody(a.question(), a.code(), a.approveLink() == null ? null : a.approveLink().toString(), false);
                messageId = rootMessageId(r.id());
                attachments = a.question().withAttachments().attachments();
            }
            case ApprovalMessage.Reminder a -> {
                subject = tag + "Reminder: approve? " + UntrustedText.inline(r.summary());
                body = approvalBody(a.question(), a.code(), a.approveLink() == null ? null : a.approveLink().toString(), true);
                messageId = childId(r, "reminder");
                attachments = a.question().withAttachments().attachments();
            }
            case ApprovalMessage.FollowUp fu -> {
                subject = tag + "Re: " + UntrustedText.inline(r.summary());
                body = fu.text() + "\n\nRequest " + r.id() + ", actions hash " + r.actionHash() + ".\n"
                        + "One-time code (keep it in your reply): " + fu.code() + "\n";
                messageId = childId(r, "followup");
            }
            case ApprovalMessage.Outcome o -> {
                subject = tag + o.state() + ": " + UntrustedText.inline(r.summary());
                body = "Request " + r.id() + " is " + o.state() + ".\n\n" + (o.quotedResult() == null ? ""
                        : "Result (command output, untrusted):\n" + o.quotedResult()) + "\n";
                messageId = childId(r, "outcome");
            }
        }
        OutgoingMail m = OutgoingMail.of(config.from(), config.operators(), subject, body).withMessageId(messageId)
                .withAttachments(attachments.stream()
                        .map(b -> new OutgoingMail.Attachment(b.name(), b.content().getBytes(StandardCharsets.UTF_8))).toList());
        if (!(notice instanceof ApprovalMessage.AskApproval)) {
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

    private String childId(ApprovalMessage.Request r, String kind) {
        return "<" + r.id() + "." + kind + "." + clock.millis() + "@" + MSGID_DOMAIN + ">";
    }

    private String approvalBody(ApprovalQuestion q, String code, String link, boolean reminder) {
        ApprovalMessage.Request r = q.request();
        StringBuilder sb = new StringBuilder();
        if (reminder) sb.append("Reminder: this request expires at ").append(r.expiresAt()).append(" and will NOT be approved by default.\n\n");
        sb.append(q.withAttachments().text()).append('\n');
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
}
