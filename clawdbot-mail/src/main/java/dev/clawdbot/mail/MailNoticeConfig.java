package dev.clawdbot.mail;

import dev.clawdbot.core.config.Secret;

import java.util.List;
import java.util.Locale;

/**
 * {@code operator.email}: where operator notices are mailed ({@code to}) and the SMTP server that sends them, with
 * the same key names as {@code broker.email}. {@code password} is a secret; it is never printed.
 */
public record MailNoticeConfig(List<String> to, String from, String smtpHost, Integer smtpPort, Boolean smtpTls,
                               String username, @Secret String password) {

    private static final String ADDRESS = "[^@\\s]+@[^@\\s]+";

    public MailNoticeConfig {
        to = to == null ? List.of() : to.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
        if (to.isEmpty()) throw new IllegalArgumentException("operator.email.to must list at least one address");
        for (String a : to) if (!a.matches(ADDRESS)) throw new IllegalArgumentException("operator.email.to: not an address: " + a);
        if (from == null || !from.strip().matches(ADDRESS)) throw new IllegalArgumentException("operator.email.from must be an e-mail address, was " + from);
        from = from.strip();
        if (smtpHost == null || smtpHost.isBlank()) throw new IllegalArgumentException("operator.email.smtpHost is required");
        smtpTls = smtpTls == null ? Boolean.TRUE : smtpTls;
        smtpPort = smtpPort == null ? 587 : smtpPort;
        if (smtpPort < 1 || smtpPort > 65535) throw new IllegalArgumentException("operator.email.smtpPort must be 1..65535, was " + smtpPort);
        username = username == null || username.isBlank() ? null : username;
    }

    /** The SMTP server, in the shape every mail sender shares. */
    public SmtpSettings smtp() {
        return SmtpSettings.startTls(smtpHost, smtpPort, smtpTls, username, password);
    }

    @Override
    public String toString() {
        return "MailNoticeConfig[to=" + to + ", from=" + from + ", smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", smtpTls=" + smtpTls
                + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
