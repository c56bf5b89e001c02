package dev.clawdbot.mail;

import dev.clawdbot.core.config.Secret;

import java.net.URI;
import java.time.Duration;

/**
 * The YAML shape of an XOAUTH2 refresh-token grant, the same under every mail key that logs in ({@code oauth2:} of
 * {@code mail.mailboxes[]}, {@code mail.smtp}, {@code broker.email}, {@code broker.execution.smtp},
 * {@code operator.email}). See {@link OAuth2Grant} for the meaning. Errors name {@code oauth2.<key>}; the config
 * loader rewrites that to the path the user wrote.
 */
public record OAuth2Config(String tokenUrl, String clientId, @Secret String clientSecret, @Secret String refreshToken, String scope,
                           Duration refreshMargin) {

    public OAuth2Config {
        tokenUrl = blankToNull(tokenUrl);
        if (tokenUrl == null) throw new IllegalArgumentException("oauth2.tokenUrl is required");
        checkUrl(tokenUrl);
        clientId = blankToNull(clientId);
        if (clientId == null) throw new IllegalArgumentException("oauth2.clientId is required");
        clientSecret = blankToNull(clientSecret);
        refreshToken = blankToNull(refreshToken);
        if (refreshToken == null) throw new IllegalArgumentException("oauth2.refreshToken is required");
        scope = blankToNull(scope);
        refreshMargin = refreshMargin == null ? Duration.ofMinutes(2) : refreshMargin;
        if (refreshMargin.isNegative() || refreshMargin.isZero()) throw new IllegalArgumentException("oauth2.refreshMargin must be positive, was " + refreshMargin);
        if (refreshMargin.compareTo(Duration.ofMinutes(30)) > 0) throw new IllegalArgumentException("oauth2.refreshMargin must be at most 30 minutes, was " + refreshMargin);
    }

    public OAuth2Grant grant() {
        return new OAuth2Grant(tokenUrl, clientId, clientSecret, refreshToken, scope, refreshMargin);
    }

    /**
     * How a mail account logs in, the same rule everywhere: {@code oauth2} (refreshed tokens) before {@code oauth2Token}
     * (a fixed access token) before {@code password} (an app password); no {@code user} means no login (SMTP relays).
     */
    public static MailAuth auth(String user, String password, String oauth2Token, OAuth2Config oauth2) {
        if (user == null) return new MailAuth.None();
        if (oauth2 != null) return new MailAuth.OAuth2(user, oauth2.grant());
        if (oauth2Token != null) return new MailAuth.AccessToken(user, oauth2Token);
        return new MailAuth.Password(user, password == null ? "" : password);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void checkUrl(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("oauth2.tokenUrl is not a valid URL: '" + url + "'");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("oauth2.tokenUrl must be an http(s) URL, was '" + url + "'");
        }
    }

    @Override
    public String toString() {
        return "OAuth2[" + tokenUrl + ", clientId=" + clientId + "]";
    }
}
