package dev.clawdbot.mail;

import java.time.Duration;
import java.util.Objects;

/**
 * The OAuth 2.0 refresh-token grant (RFC 6749 section 6) that yields XOAUTH2 access tokens: {@code tokenUrl} (e.g.
 * {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token} or {@code https://oauth2.googleapis.com/token}),
 * the client, the refresh token and the optional scope. An access token is reused until {@code refreshMargin} before
 * it expires. The config records that bind the YAML keys validate these values and name their keys.
 */
public record OAuth2Grant(String tokenUrl, String clientId, String clientSecret, String refreshToken, String scope, Duration refreshMargin) {

    public OAuth2Grant {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(refreshToken, "refreshToken");
        refreshMargin = refreshMargin == null ? Duration.ofMinutes(2) : refreshMargin;
    }

    @Override
    public String toString() {
        return "OAuth2Grant[" + tokenUrl + ", clientId=" + clientId + "]";
    }
}
