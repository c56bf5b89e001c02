package dev.clawdbot.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;

import java.time.Duration;
import java.util.Properties;

/**
 * One login and nothing else, to check that a mail password works ({@code clawdbot secrets rotated NAME --verify}):
 * SMTP connects and authenticates, IMAP connects and logs in, both then disconnect. Failures name the server, never
 * the password.
 */
public final class MailLogin {
    private MailLogin() {
    }

    /** SMTP AUTH on {@code host:port}: implicit TLS when {@code ssl}, STARTTLS required when {@code startTls}. */
    public static void smtp(String host, int port, boolean ssl, boolean startTls, String user, String password, Duration timeout)
            throws MessagingException {
        String proto = ssl ? "smtps" : "smtp";
        Properties p = timeouts(proto, timeout);
        p.put("mail." + proto + ".auth", "true");
        if (startTls) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        try (Transport t = Session.getInstance(p).getTransport(proto)) {
            t.connect(host, port, user, password);
        } catch (MessagingException e) {
            throw clean("SMTP", host, port, e, password);
        }
    }

    /** IMAP LOGIN on {@code host:port}, implicit TLS when {@code ssl}. */
    public static void imap(String host, int port, boolean ssl, String user, String password, Duration timeout) throws MessagingException {
        String proto = ssl ? "imaps" : "imap";
        try (Store s = Session.getInstance(timeouts(proto, timeout)).getStore(proto)) {
            s.connect(host, port, user, password);
        } catch (MessagingException e) {
            throw clean("IMAP", host, port, e, password);
        }
    }

    private static Properties timeouts(String proto, Duration timeout) {
        Properties p = new Properties();
        String ms = String.valueOf(timeout.toMillis());
        p.put("mail." + proto + ".connectiontimeout", ms);
        p.put("mail." + proto + ".timeout", ms);
        p.put("mail." + proto + ".writetimeout", ms);
        return p;
    }

    private static MessagingException clean(String what, String host, int port, MessagingException e, String password) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (password != null && !password.isEmpty()) msg = msg.replace(password, "***");
        return new MessagingException(what + " " + host + ":" + port + ": " + msg);
    }
}
