package dev.clawdbot.app;

import dev.clawdbot.channels.MailConfig;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.mail.MailLogin;
import dev.clawdbot.mail.MailNoticeConfig;
import dev.clawdbot.ops.secrets.SecretVerifier;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets {@code clawdbot secrets rotated NAME --verify} can check, by inventory name (the config key), each
 * with the value the config holds now: the bots' tokens (Telegram {@code getMe}), the providers' API keys (their
 * model list), and the mail passwords (an SMTP or IMAP login).
 */
final class SecretVerifiers {
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(15);

    private SecretVerifiers() {
    }

    static Map<String, SecretVerifier> of(AppConfig c) {
        Map<String, SecretVerifier> out = new LinkedHashMap<>();
        telegram(out, "telegram.botToken", c.telegram());
        telegram(out, "adminBot.botToken", c.adminBot());
        c.models().providers().forEach((name, p) -> {
            if (p.apiKey() != null) out.put("models.providers." + name + ".apiKey", dev.clawdbot.ops.secrets.HttpVerifiers.models(p.type(), p.baseUrl(), p.apiKey()));
        });
        MailNoticeConfig email = c.operator().email();
        if (email != null && email.password() != null) {
            out.put("operator.email.password", mail(() -> MailLogin.smtp(email.smtpHost(), email.smtpPort(), email.smtp() != null && email.smtp().ssl(), email.smtpTls(),
                    email.username(), email.password(), MAIL_TIMEOUT), "SMTP login as " + email.username()));
        }
        MailConfig mail = c.mail();
        if (mail != null) {
            if (mail.smtp() != null && mail.smtp().password() != null) {
                dev.clawdbot.mail.SmtpConfig s = mail.smtp();
                out.put("mail.smtp.password", mail(() -> MailLogin.smtp(s.host(), s.port(), s.ssl(), s.startTls(), s.user(), s.password(), MAIL_TIMEOUT),
                        "SMTP login as " + s.user()));
            }
            for (int i = 0; i < mail.mailboxes().size(); i++) {
                MailConfig.Mailbox m = mail.mailboxes().get(i);
                if (m.password() == null) continue;
                out.put("mail.mailboxes[" + i + "].password", mail(() -> MailLogin.imap(m.host(), m.port(), m.ssl(), m.user(), m.password(), MAIL_TIMEOUT),
                        "IMAP login as " + m.user()));
            }
        }
        return out;
    }

    private static void telegram(Map<String, SecretVerifier> out, String key, TelegramConfig t) {
        if (t != null && t.botToken() != null) out.put(key, dev.clawdbot.ops.secrets.HttpVerifiers.telegramGetMe(t.apiBaseUrl(), t.botToken()));
    }

    private interface Login {
        void run() throws Exception;
    }

    private static SecretVerifier mail(Login login, String what) {
        return () -> {
            try {
                login.run();
                return new SecretVerifier.Verdict(true, what + " succeeded");
            } catch (Exception e) {
                return new SecretVerifier.Verdict(false, e.getMessage());
            }
        };
    }
}
