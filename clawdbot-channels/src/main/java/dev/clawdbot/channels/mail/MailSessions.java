package dev.clawdbot.channels.mail;

import dev.clawdbot.channels.MailConfig;
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
 * Opens IMAP stores for a mailbox: TLS or plain, app password or XOAUTH2, with timeouts so that a dead connection
 * is noticed. With {@code oauth2} the access token comes from {@link OAuth2Tokens}, shared by every connection to
 * the same account in this process; when the server refuses it, the token is refreshed and the login tried once more.
 */
public final class MailSessions {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<MailConfig.OAuth2, OAuth2Tokens> TOKENS = new ConcurrentHashMap<>();

    private MailSessions() {
    }

    public static Store connect(MailConfig.Mailbox box, Clock clock) throws MessagingException {
        if (box.oauth2() == null) {
            Store store = store(box);
            store.connect(box.host(), box.port(), box.user(), box.oauth2Token() != null ? box.oauth2Token() : box.password());
            return store;
        }
        OAuth2Tokens tokens = tokens(box, clock);
        String token = tokens.accessToken();
        Store store = store(box);
        try {
            store.connect(box.host(), box.port(), box.user(), token);
            return store;
        } catch (AuthenticationFailedException e) {
            // Revoked or expired early (a password change, an admin action): one fresh token, then give up.
            Store again = store(box);
            again.connect(box.host(), box.port(), box.user(), tokens.replace(token));
            return again;
        }
    }

    static OAuth2Tokens tokens(MailConfig.Mailbox box, Clock clock) {
        return TOKENS.computeIfAbsent(box.oauth2(), o -> new OAuth2Tokens(o, HTTP, clock, Duration.ofMillis(500)));
    }

    private static Store store(MailConfig.Mailbox box) throws MessagingException {
        String protocol = box.ssl() ? "imaps" : "imap";
        Properties p = new Properties();
        p.put("mail.store.protocol", protocol);
        p.put("mail." + protocol + ".connectiontimeout", "15000");
        p.put("mail." + protocol + ".timeout", "60000");
        p.put("mail." + protocol + ".writetimeout", "15000");
        if (box.xoauth2()) {
            p.put("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
            p.put("mail." + protocol + ".auth.login.disable", "true");
            p.put("mail." + protocol + ".auth.plain.disable", "true");
        }
        return Session.getInstance(p).getStore(protocol);
    }

    /** An exception message safe to put in events: the account's secrets replaced. */
    static String redact(MailConfig.Mailbox box, Throwable t) {
        String m = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (box.password() != null) m = m.replace(box.password(), "***");
        if (box.oauth2Token() != null) m = m.replace(box.oauth2Token(), "***");
        if (box.oauth2() != null) {
            OAuth2Tokens tokens = TOKENS.get(box.oauth2());
            if (tokens != null) m = tokens.redact(m);
            if (box.oauth2().clientSecret() != null) m = m.replace(box.oauth2().clientSecret(), "***");
            m = m.replace(box.oauth2().refreshToken(), "***");
        }
        return m.length() > 300 ? m.substring(0, 300) : m;
    }
}
