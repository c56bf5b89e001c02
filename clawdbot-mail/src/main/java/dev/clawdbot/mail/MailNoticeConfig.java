package dev.clawdbot.mail;

import dev.clawdbot.core.config.Secret;

import java.util.List;
import java.util.Locale;

/**
 * {@code operator.email}: where operator notices are mailed ({@code to}) and the SMTP server that sends them, with
 * the same key names as {@code broker.email}: the server as {@code smtp} (the shared {@link SmtpConfig} shape) or
 * with the flat {@code smtpHost}, {@code smtpPort}, {@code smtpTls}. The login is {@code username} with {@code oauth2} (XOAUTH2, refreshed
 * tokens), {@code oauth2Token} (XOAUTH2, a fixed token) or {@code password} (an app password), in that order
 * ({@link OAuth2Config#auth}). Secrets are never printed.
 */
public record MailNoticeConfig(List<String> to, String from, String smtpHost, Integer smtpPort, Boolean smtpTls,
                               String username, @Secret String password, @Secret String oauth2Token, OAuth2Config oauth2,
                               SmtpConfig smtp) {

    private static final String ADDRESS = "[^@\\s]+@[^@\\s]+";

    public MailNoticeConfig {
        to = to == null ? List.of() : to.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
        if (to.isEmpty()) throw new IllegalArgumentException("operator.email.to must list at least one address");
        for (String a : to) if (!a.matches(ADDRESS)) throw new IllegalArgumentException("operator.email.to: not an address: " + a);
        if (from == null || !from.strip().matches(ADDRESS)) throw new IllegalArgumentException("operator.email.from must be an e-mail address, was " + from);
        from = from.strip();
        if (smtp != null) {
            if (smtpHost != null && !smtpHost.equals(smtp.host()) || smtpPort != null && !smtpPort.equals(smtp.port())
                    || smtpTls != null && !smtpTls.equals(smtp.startTls())) {
                throw new IllegalArgumentException("operator.email: write the SMTP server as smtp (host, port, ...) or as smtpHost/smtpPort/smtpTls, not both");
            }
            smtpHost = smtp.host();
            smtpPort = smtp.port();
            smtpTls = smtp.startTls();
        }
        if (smtpHost == null || smtpHost.isBlank()) throw new IllegalArgumentException("operator.email.smtpHost is required");
        smtpTls = smtpTls == null ? Boolean.TRUE : smtpTls;
        smtpPort = smtpPort == null ? 587 : smtpPort;
        if (smtpPort < 1 || smtpPort > 65535) throw new IllegalArgumentException("operator.email.smtpPort must be 1..65535, was " + smtpPort);
        username = username == null || username.isBlank() ? null : username;
        oauth2Token = OAuth2Config.blankToNull(oauth2Token);
        if (username == null && (oauth2 != null || oauth2Token != null)) throw new IllegalArgumentException("operator.email.username is required with oauth2 or oauth2Token");
    }

    /** A password login (or none without {@code username}). */
    public MailNoticeConfig(List<String> to, String from, String smtpHost, Integer smtpPort, Boolean smtpTls, String username, String password) {
        this(to, from, smtpHost, smtpPort, smtpTls, username, password, null, null, null);
    }

    static boolean isAddress(String s) {
        return s.matches(ADDRESS);
    }

    /** The SMTP server, in the shape every mail sender shares. */
    public SmtpSettings smtpSettings() {
        MailAuth login = OAuth2Config.auth(username, password, oauth2Token, oauth2);
        if (smtp != null) return smtp.settings(SmtpSettings.Security.STARTTLS, login);
        return new SmtpSettings(smtpHost, smtpPort, smtpTls ? SmtpSettings.Security.STARTTLS : SmtpSettings.Security.NONE, login);
    }

    @Override
    public String toString() {
        return "MailNoticeConfig[to=" + to + ", from=" + from + ", smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", smtpTls=" + smtpTls
                + ", username=" + username + ", password=" + (password == null ? "none" : "***") + ", oauth2Token=" + (oauth2Token == null ? "none" : "***")
                + (oauth2 == null ? "" : ", " + oauth2) + (smtp == null ? "" : ", " + smtp) + "]";
    }
}
