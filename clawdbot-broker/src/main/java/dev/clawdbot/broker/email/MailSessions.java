package dev.clawdbot.broker.email;

import dev.clawdbot.broker.OperatorEmailConfig;
import jakarta.mail.Session;

import java.util.Properties;

/** Angus Mail sessions for the configured SMTP and IMAP servers, with timeouts so a dead server cannot hang the broker. */
final class MailSessions {

    private MailSessions() {
    }

    static Session smtp(OperatorEmailConfig c) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", c.smtpHost());
        p.put("mail.smtp.port", String.valueOf(c.smtpPort()));
        p.put("mail.smtp.auth", String.valueOf(c.username() != null));
        p.put("mail.smtp.starttls.enable", String.valueOf(c.smtpTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(c.smtpTls()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        return Session.getInstance(p);
    }

    static Session imap(OperatorEmailConfig c) {
        String proto = c.imapSsl() ? "imaps" : "imap";
        Properties p = new Properties();
        p.put("mail.store.protocol", proto);
        p.put("mail." + proto + ".host", c.imapHost());
        p.put("mail." + proto + ".port", String.valueOf(c.imapPort()));
        p.put("mail." + proto + ".connectiontimeout", "10000");
        p.put("mail." + proto + ".timeout", "20000");
        return Session.getInstance(p);
    }

    static String protocol(OperatorEmailConfig c) {
        return c.imapSsl() ? "imaps" : "imap";
    }
}
