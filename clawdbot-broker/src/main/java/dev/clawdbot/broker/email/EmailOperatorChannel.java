package dev.clawdbot.broker.email;

import dev.clawdbot.broker.OperatorChannel;
import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.broker.OperatorNotice;
import dev.clawdbot.broker.RequestView;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Clock;
import java.util.Date;

/**
 * Sends the operator approval requests, reminders, follow-ups and outcomes over SMTP. The subject carries
 * the request token in brackets; the first message's Message-ID names the request so replies are matched
 * by In-Reply-To as well. The body shows the exact actions, their hash, the one-time code and the signed link.
 */
public final class EmailOperatorChannel implements OperatorChannel {

    static final String MSGID_DOMAIN = "broker.clawdbot";
    private final OperatorEmailConfig config;
    private final Session session;
    private final Clock clock;

    public EmailOperatorChannel(OperatorEmailConfig config, Clock clock) {
        this.config = config;
        this.session = MailSessions.smtp(config);
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
    public void send(OperatorNotice notice) throws MessagingException {
        RequestView r = notice.request();
        String tag = "[clawdbot " + r.token() + "] ";
        String subject;
        String body;
        String messageId;
        switch (notice) {
            case OperatorNotice.AskApproval a -> {
                subject = tag + "Approve? " + r.request().summary();
                body = approvalBody(r, a.code(), a.approveLink() == null ? null : a.approveLink().toString(), false);
                messageId = rootMessageId(r.id());
            }
            case OperatorNotice.Reminder a -> {
                subject = tag + "Reminder: approve? " + r.request().summary();
                body = approvalBody(r, a.code(), a.approveLink() == null ? null : a.approveLink().toString(), true);
                messageId = childId(r, "reminder");
            }
            case OperatorNotice.FollowUp fu -> {
                subject = tag + "Re: " + r.request().summary();
                body = fu.text() + "\n\nRequest " + r.id() + ", actions hash " + r.actionHash().substring(0, 12) + ".\n";
                messageId = childId(r, "followup");
            }
            case OperatorNotice.Outcome o -> {
                subject = tag + r.state().wire() + ": " + r.request().summary();
                body = "Request " + r.id() + " is " + r.state().wire() + ".\n\n" + (r.result() == null ? "" : r.result()) + "\n";
                messageId = childId(r, "outcome");
            }
        }
        MimeMessage m = new FixedIdMessage(session, messageId);
        m.setFrom(new InternetAddress(config.from()));
        for (String to : config.operators()) m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        if (!(notice instanceof OperatorNotice.AskApproval)) {
            m.setHeader("In-Reply-To", rootMessageId(r.id()));
            m.setHeader("References", rootMessageId(r.id()));
        }
        m.setText(body, "UTF-8");
        m.saveChanges();
        if (config.username() != null) Transport.send(m, config.username(), config.password());
        else Transport.send(m);
    }

    /** Sends a plain reply to one allowlisted operator, threaded under {@code inReplyTo} (may be null). */
    void reply(String to, String subject, String inReplyTo, String body) throws MessagingException {
        if (!config.operators().contains(to)) throw new IllegalArgumentException("not an operator address: " + to);
        MimeMessage m = new FixedIdMessage(session, "<cmd." + clock.millis() + "." + Integer.toHexString(body.hashCode()) + "@" + MSGID_DOMAIN + ">");
        m.setFrom(new InternetAddress(config.from()));
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
            m.setHeader("References", inReplyTo);
        }
        m.setText(body, "UTF-8");
        m.saveChanges();
        if (config.username() != null) Transport.send(m, config.username(), config.password());
        else Transport.send(m);
    }

    private String childId(RequestView r, String kind) {
        return "<" + r.id() + "." + kind + "." + clock.millis() + "@" + MSGID_DOMAIN + ">";
    }

    private static String approvalBody(RequestView r, String code, String link, boolean reminder) {
        StringBuilder sb = new StringBuilder();
        if (reminder) sb.append("Reminder: this request expires at ").append(r.expiresAt()).append(" and will NOT be approved by default.\n\n");
        sb.append(r.request().requester()).append(" asks: ").append(r.request().summary()).append("\n\n");
        sb.append("Why (the requester's words, unverified):\n").append(r.request().rationale()).append("\n\n");
        sb.append("Exact actions:\n");
        for (int i = 0; i < r.actions().size(); i++) sb.append("  ").append(i + 1).append(". ").append(r.actions().get(i).describe()).append('\n');
        sb.append("\nRisk: ").append(r.risk()).append("\n").append(r.assessment() == null ? "" : r.assessment()).append("\n\n");
        sb.append("Actions hash: ").append(r.actionHash()).append('\n');
        sb.append("Request: ").append(r.id()).append(", expires ").append(r.expiresAt()).append("\n\n");
        sb.append("Reply in plain words: \"yes\" approves exactly these actions, \"no\" denies, a question gets an answer,\n");
        sb.append("a change (\"yes, but only on web1\") becomes a new request that needs its own approval.\n");
        sb.append("One-time code (keep it in your reply): ").append(code).append('\n');
        if (link != null) sb.append("Or approve exactly these actions with this link: ").append(link).append('\n');
        return sb.toString();
    }

    /** A MimeMessage whose Message-ID we choose, so replies can be matched to the request. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session s, String id) {
            super(s);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
