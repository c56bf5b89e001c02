package dev.clawdbot.mail;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.clawdbot.core.config.Secret;

/**
 * The YAML shape of an SMTP server, shared by {@code mail.smtp} and {@code broker.execution.smtp} (the flat
 * {@code broker.email} and {@code operator.email} use the same login keys). {@code ssl}: implicit TLS (default port
 * 465, else 587); {@code startTls} (default: not {@code ssl}) upgrades the connection, how strictly is the caller's
 * choice ({@link #settings}). Login: {@code user} ({@code username} is accepted too) with {@code oauth2} (XOAUTH2,
 * refreshed tokens), {@code oauth2Token} (XOAUTH2, a fixed token) or {@code password} (an app password), in that
 * order; no {@code user}, no login. {@code from}: the sender address, where the caller needs one.
 */
public record SmtpConfig(String host, Integer port, Boolean ssl, Boolean startTls, @JsonAlias("username") String user,
                         @Secret String password, @Secret String oauth2Token, OAuth2Config oauth2, String from) {

    public SmtpConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("smtp.host is required");
        ssl = ssl != null && ssl;
        startTls = startTls == null ? !ssl : startTls;
        port = port == null ? (ssl ? 465 : 587) : port;
        if (port < 1 || port > 65535) throw new IllegalArgumentException("smtp.port must be 1..65535, was " + port);
        user = OAuth2Config.blankToNull(user);
        password = OAuth2Config.blankToNull(password);
        oauth2Token = OAuth2Config.blankToNull(oauth2Token);
        if (user == null && (oauth2 != null || oauth2Token != null)) throw new IllegalArgumentException("smtp.user is required with oauth2 or oauth2Token");
        from = OAuth2Config.blankToNull(from);
        if (from != null && !MailNoticeConfig.isAddress(from.strip())) throw new IllegalArgumentException("smtp.from must be an e-mail address, was " + from);
        from = from == null ? null : from.strip();
    }

    /** {@code mail.smtp}'s Java shape: a password login when {@code user} is set. */
    public SmtpConfig(String host, Integer port, Boolean ssl, Boolean startTls, String user, String password, String from) {
        this(host, port, ssl, startTls, user, password, null, null, from);
    }

    /** {@code broker.execution.smtp}'s Java shape: STARTTLS or plain, a password login when {@code user} is set. */
    public SmtpConfig(String host, Integer port, Boolean startTls, String user, String password, String from) {
        this(host, port, false, startTls, user, password, null, null, from);
    }

    public MailAuth auth() {
        return OAuth2Config.auth(user, password, oauth2Token, oauth2);
    }

    /** As {@link #settings}, logging in with its own {@code user} when set, else with {@code fallback}. */
    public SmtpSettings settings(SmtpSettings.Security startTlsMeans, MailAuth fallback) {
        SmtpSettings own = settings(startTlsMeans);
        return user != null ? own : new SmtpSettings(host, port, own.security(), fallback);
    }

    /**
     * The server in the shape clawdbot-mail sends with: implicit TLS, else {@code startTlsMeans} when
     * {@code startTls} ({@link SmtpSettings.Security#STARTTLS} required, or upgraded only when offered), else plain.
     */
    public SmtpSettings settings(SmtpSettings.Security startTlsMeans) {
        SmtpSettings.Security security = ssl ? SmtpSettings.Security.SSL : startTls ? startTlsMeans : SmtpSettings.Security.NONE;
        return new SmtpSettings(host, port, security, auth());
    }

    @Override
    public String toString() {
        return "Smtp[" + host + ":" + port + ", ssl=" + ssl + ", startTls=" + startTls + ", " + auth() + ", from=" + from + "]";
    }
}
