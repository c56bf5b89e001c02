package dev.clawdbot.mail;

import java.util.Objects;

/** One SMTP server: how the connection is secured and how the client logs in (a password, XOAUTH2 or none). */
public record SmtpSettings(String host, int port, Security security, MailAuth auth) {

    /** {@code SSL}: implicit TLS ({@code smtps}, port 465); {@code STARTTLS}: upgrade required, no clear-text fallback. */
    public enum Security { SSL, STARTTLS, NONE }

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(auth, "auth");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }

    /**
     * The shape most configs write: {@code tls} means STARTTLS, and a password login when {@code user} is set.
     */
    public static SmtpSettings startTls(String host, int port, boolean tls, String user, String password) {
        return new SmtpSettings(host, port, tls ? Security.STARTTLS : Security.NONE, user == null ? new MailAuth.None() : new MailAuth.Password(user, password == null ? "" : password));
    }

    String protocol() {
        return security == Security.SSL ? "smtps" : "smtp";
    }
}
