package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.ProposedAction;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Sends an approved {@code mail} action through SMTP (Angus Mail): exactly the approved recipients, subject and
 * plain-text body, nothing added but From, Date and two headers derived from the idempotency key: a stable
 * {@code Message-ID} (so a receiving system can recognise a duplicate) and {@code X-Clawdbot-Action}.
 */
final class MailActionExecutor implements ActionExecutor {

    private final SmtpConfig smtp;
    private final Clock clock;

    MailActionExecutor(SmtpConfig smtp, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
    }

    @Override
    public Result execute(ProposedAction action, String idempotencyKey) {
        if (!(action instanceof ProposedAction.Mail a)) return new Result(-1, "the mail executor only sends mail actions");
        String id = SshActionExecutor.marker(idempotencyKey);
        try {
            Session session = session();
            MimeMessage m = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + id + "@clawdbot.action>");
                }
            };
            m.setFrom(new InternetAddress(smtp.from(), true));
            m.setRecipients(Message.RecipientType.TO, addresses(a.to()));
            if (a.cc() != null) m.setRecipients(Message.RecipientType.CC, addresses(a.cc()));
            m.setSubject(a.subject(), "UTF-8");
            m.setText(a.body(), "UTF-8");
            m.setSentDate(Date.from(clock.instant()));
            m.setHeader("X-Clawdbot-Action", id);
            m.saveChanges();
            if (smtp.username() != null) Transport.send(m, smtp.username(), smtp.password());
            else Transport.send(m);
            int n = a.recipients();
            return new Result(0, "sent to " + n + (n == 1 ? " recipient" : " recipients") + ", Message-ID " + m.getMessageID());
        } catch (MessagingException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            if (smtp.password() != null) msg = msg.replace(smtp.password(), "***");
            return new Result(1, "sending failed: " + msg);
        }
    }

    private static InternetAddress[] addresses(java.util.List<String> list) throws MessagingException {
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = new InternetAddress(list.get(i), true);
        return out;
    }

    private Session session() {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.auth", String.valueOf(smtp.username() != null));
        p.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        return Session.getInstance(p);
    }
}
