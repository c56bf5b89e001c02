package dev.clawdbot.mail;

/**
 * A mail operation failed: the server is down, refused the login or the message, or a message could not be read.
 * The message never holds a secret of the login (passwords, tokens and the client secret are replaced by {@code ***}).
 */
public final class MailException extends Exception {
    private final String kind;

    MailException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public MailException(String message) {
        this("MailException", message, null);
    }

    /** Wraps {@code t}, its message redacted for {@code auth}. */
    static MailException of(MailAuth auth, Throwable t) {
        if (t instanceof MailException m) return m;
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        return new MailException(t.getClass().getSimpleName(), MailSessions.redact(auth, message), t);
    }

    /** The simple class name of the underlying failure ({@code AuthenticationFailedException}, {@code OAuth2Exception} ...). */
    public String kind() {
        return kind;
    }

    /** {@code kind: message}, at most 300 characters: safe for events and for a tool's answer. */
    public String describe() {
        String d = kind + ": " + getMessage();
        return d.length() > 300 ? d.substring(0, 300) : d;
    }
}
