package dev.clawdbot.mail;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.clawdbot.core.config.Secret;

/**
 * The YAML shape of an IMAP account ({@code broker.email.imap}): {@code ssl} (default true) is implicit TLS, default
 * port 993 (143 without). The login keys are those of {@link SmtpConfig}: {@code user} (or {@code username}) with
 * {@code oauth2}, {@code oauth2Token} or {@code password}; without {@code user} the enclosing section's login is used.
 */
public record ImapConfig(String host, Integer port, Boolean ssl, @JsonAlias("username") String user, @Secret String password,
                         @Secret String oauth2Token, OAuth2Config oauth2) {

    public ImapConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("imap.host is required");
        ssl = ssl == null || ssl;
        port = port == null ? (ssl ? 993 : 143) : port;
        if (port < 1 || port > 65535) throw new IllegalArgumentException("imap.port must be 1..65535, was " + port);
        user = OAuth2Config.blankToNull(user);
        password = OAuth2Config.blankToNull(password);
        oauth2Token = OAuth2Config.blankToNull(oauth2Token);
        if (user == null && (oauth2 != null || oauth2Token != null || password != null)) {
            throw new IllegalArgumentException("imap.user is required with password, oauth2 or oauth2Token");
        }
    }

    /** The account, logging in with its own {@code user} when set, else with {@code fallback}. */
    public ImapSettings settings(MailAuth fallback) {
        return new ImapSettings(host, port, ssl, user != null ? OAuth2Config.auth(user, password, oauth2Token, oauth2) : fallback);
    }

    @Override
    public String toString() {
        return "Imap[" + host + ":" + port + ", ssl=" + ssl + (user == null ? "" : ", " + OAuth2Config.auth(user, password, oauth2Token, oauth2)) + "]";
    }
}
