package dev.clawdbot.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place Angus Mail sessions are made, for IMAP and SMTP alike, with one timeout policy, and where IMAP logins
 * happen: a password, a fixed XOAUTH2 token, or XOAUTH2 with {@link OAuth2Tokens} shared by every connection to the
 * same account in this process (when the server refuses a token it is refreshed and the login tried once more).
 */
final class MailSessions {
    /**
     * A mail server that has not accepted the TCP (and TLS) connection in 10 s is down or filtered; a live one answers
     * in milliseconds. Every caller retries (the notifier's outbox, the watchers' backoff, the tool's caller), so
     * failing fast frees the worker rather than losing anything.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * No single read or write of a command's reply may stall for more than 20 s: it bounds a half-dead connection,
     * while a large message still streams (each read returns as bytes arrive). IMAP IDLE is not cut by it: Angus
     * Mail keeps reading through read timeouts while idling (ImapIdleTest proves it), and the watcher's own wake-up
     * ends every IDLE after {@code reidleInterval}.
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    static final Duration WRITE_TIMEOUT = READ_TIMEOUT;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private static final Map<OAuth2Grant, OAuth2Tokens> TOKENS = new ConcurrentHashMap<>();

    private MailSessions() {
    }

    /** A connected store; the caller closes it. */
    static Store connect(ImapSettings s, Clock clock) throws MessagingException {
        if (!(s.auth() instanceof MailAuth.OAuth2 o)) {
            Store store = imap(s);
            store.connect(s.host(), s.port(), s.auth().user(), secret(s.auth()));
            return store;
        }
        OAuth2Tokens tokens = tokens(o.grant(), clock);
        String token = tokens.accessToken();
        Store store = imap(s);
        try {
            store.connect(s.host(), s.port(), o.user(), token);
            return store;
        } catch (AuthenticationFailedException e) {
            // Revoked or expired early (a password change, an admin action): one fresh token, then give up.
            Store again = imap(s);
            again.connect(s.host(), s.port(), o.user(), tokens.replace(token));
            return again;
        }
    }

    static OAuth2Tokens tokens(OAuth2Grant grant, Clock clock) {
        return TOKENS.computeIfAbsent(grant, g -> new OAuth2Tokens(g, HTTP, clock, Duration.ofMillis(500)));
    }

    /** The password or access token to log in with; null when there is no login. */
    static String secret(MailAuth auth) {
        return switch (auth) {
            case MailAuth.None n -> null;
            case MailAuth.Password p -> p.password();
            case MailAuth.AccessToken t -> t.token();
            case MailAuth.OAuth2 o -> null;
        };
    }

    private static Store imap(ImapSettings s) throws MessagingException {
        return session(s.protocol(), s.auth(), new Properties()).getStore(s.protocol());
    }

    static Session smtp(SmtpSettings s) {
        Properties p = new Properties();
        String proto = s.protocol();
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", s.host());
        p.put("mail." + proto + ".port", String.valueOf(s.port()));
        p.put("mail." + proto + ".auth", String.valueOf(!(s.auth() instanceof MailAuth.None)));
        boolean required = s.security() == SmtpSettings.Security.STARTTLS;
        p.put("mail." + proto + ".starttls.enable", String.valueOf(required || s.security() == SmtpSettings.Security.STARTTLS_IF_OFFERED));
        p.put("mail." + proto + ".starttls.required", String.valueOf(required));
        return session(proto, s.auth(), p);
    }

    private static Session session(String proto, MailAuth auth, Properties p) {
        if (proto.startsWith("imap")) p.put("mail.store.protocol", proto);
        p.put("mail." + proto + ".connectiontimeout", String.valueOf(CONNECT_TIMEOUT.toMillis()));
        p.put("mail." + proto + ".timeout", String.valueOf(READ_TIMEOUT.toMillis()));
        p.put("mail." + proto + ".writetimeout", String.valueOf(WRITE_TIMEOUT.toMillis()));
        if (auth.xoauth2()) {
            p.put("mail." + proto + ".auth.mechanisms", "XOAUTH2");
            p.put("mail." + proto + ".auth.login.disable", "true");
            p.put("mail." + proto + ".auth.plain.disable", "true");
        }
        return Session.getInstance(p);
    }

    /** {@code text} with every secret of this login replaced (passwords, tokens, the client secret), at most 300 characters. */
    static String redact(MailAuth auth, String text) {
        String m = text == null ? "" : text;
        switch (auth) {
            case MailAuth.Password p -> m = replace(m, p.password());
            case MailAuth.AccessToken t -> m = replace(m, t.token());
            case MailAuth.OAuth2 o -> {
                OAuth2Tokens tokens = TOKENS.get(o.grant());
                if (tokens != null) m = tokens.redact(m);
                m = replace(replace(m, o.grant().clientSecret()), o.grant().refreshToken());
            }
            case MailAuth.None n -> {
            }
        }
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    private static String replace(String text, String secret) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }
}
