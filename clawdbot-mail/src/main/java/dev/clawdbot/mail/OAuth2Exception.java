package dev.clawdbot.mail;

import jakarta.mail.MessagingException;

/**
 * The token endpoint did not give an access token. The message names the HTTP status and the OAuth error code
 * and never contains a token or the client secret. {@code retryable} is false when asking again cannot help
 * (a revoked or expired refresh token: {@code invalid_grant}, a wrong client).
 */
final class OAuth2Exception extends MessagingException {
    private final boolean retryable;

    OAuth2Exception(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
