package dev.clawdbot.mail;

import java.util.Objects;

/**
 * How a client logs in, the same for IMAP and SMTP: an app password, a fixed XOAUTH2 access token, access tokens
 * refreshed with an OAuth 2.0 refresh token, or (SMTP relays on a trusted network only) no login.
 */
public sealed interface MailAuth {

    /** The account name sent with the login; null for {@link None}. */
    String user();

    /** True when the login is {@code AUTHENTICATE XOAUTH2} (RFC 7628 style) rather than a password login. */
    default boolean xoauth2() {
        return this instanceof AccessToken || this instanceof OAuth2;
    }

    /** No login: the server accepts mail from this host as it is. */
    record None() implements MailAuth {
        @Override
        public String user() {
            return null;
        }
    }

    /** A password, usually an app password. */
    record Password(String user, String password) implements MailAuth {
        public Password {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Password[" + user + "]";
        }
    }

    /** A fixed XOAUTH2 access token, refreshed by someone else. */
    record AccessToken(String user, String token) implements MailAuth {
        public AccessToken {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "AccessToken[" + user + "]";
        }
    }

    /** XOAUTH2 with access tokens obtained, cached and refreshed from {@code grant}. */
    record OAuth2(String user, OAuth2Grant grant) implements MailAuth {
        public OAuth2 {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(grant, "grant");
        }
    }
}
