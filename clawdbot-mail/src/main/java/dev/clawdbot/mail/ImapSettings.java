package dev.clawdbot.mail;

import java.util.Objects;

/** One IMAP account: {@code ssl} is implicit TLS ({@code imaps}, port 993), otherwise plain IMAP (port 143). */
public record ImapSettings(String host, int port, boolean ssl, MailAuth auth) {

    public ImapSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        if (auth instanceof MailAuth.None) throw new IllegalArgumentException("an IMAP account needs a login");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }

    /** A password login. */
    public static ImapSettings password(String host, int port, boolean ssl, String user, String password) {
        return new ImapSettings(host, port, ssl, new MailAuth.Password(user, password == null ? "" : password));
    }

    String protocol() {
        return ssl ? "imaps" : "imap";
    }
}
