package dev.clawdbot.mail;

import java.util.Objects;

/** One SMTP server: how the connection is secured and how the client logs in (a password, XOAUTH2 or none). */
public record SmtpSettings(String host, int port, Security security, MailAuth auth) {

    /**
     * {@code SSL}: implicit TLS ({@code smtps}, port 465). {@code STARTTLS}: the upgrade is required, no clear-text
     * fallback. {@code STARTTLS_IF_OFFERED}: upgraded when the server offers it, else sent in the clear (what
     * {@code mail.smtp.startTls} has always meant; kept so a local relay without TLS goes on working). {@code NONE}: clear text.
     */
    public enum Security { SSL, STARTTLS, STARTTLS_IF_OFFERED, NONE }

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(auth, "auth");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }

    String protocol() {
        return security == Security.SSL ? "smtps" : "smtp";
    }
}
