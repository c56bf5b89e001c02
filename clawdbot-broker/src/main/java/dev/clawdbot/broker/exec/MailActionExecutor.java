package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.MailSender;
import dev.clawdbot.mail.OutgoingMail;
import dev.clawdbot.mail.SmtpConfig;
import dev.clawdbot.mail.SmtpSettings;

import java.time.Clock;
import java.util.Map;

/**
 * Sends an approved {@code mail} action through SMTP ({@link MailSender}): exactly the approved recipients, subject and
 * plain-text body, nothing added but From, Date and two headers derived from the idempotency key: a stable
 * {@code Message-ID} (so a receiving system can recognise a duplicate) and {@code X-Clawdbot-Action}.
 */
final class MailActionExecutor implements ActionExecutor {

    private final SmtpConfig smtp;
    private final MailSender sender;

    MailActionExecutor(SmtpConfig smtp, Clock clock) {
        this.smtp = smtp;
        this.sender = new MailSender(smtp.settings(SmtpSettings.Security.STARTTLS), clock);
    }

    @Override
    public Result execute(ProposedAction action, String idempotencyKey) {
        if (!(action instanceof ProposedAction.Mail a)) return new Result(-1, "the mail executor only sends mail actions");
        String id = SshActionExecutor.marker(idempotencyKey);
        try {
            String messageId = sender.send(new OutgoingMail(smtp.from(), a.to(), a.cc(), a.subject(), a.body(), "<" + id + "@clawdbot.action>",
                    Map.of("X-Clawdbot-Action", id), null));
            int n = a.recipients();
            return new Result(0, "sent to " + n + (n == 1 ? " recipient" : " recipients") + ", Message-ID " + messageId);
        } catch (MailException e) {
            return new Result(1, "sending failed: " + e.getMessage());
        }
    }
}
