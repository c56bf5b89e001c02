package dev.clawdbot.broker.exec;

import dev.clawdbot.core.config.Secret;

import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.mail.SmtpSettings;

/**
 * The SMTP server approved {@code mail} actions are sent through (YAML key {@code broker.execution.smtp}); when
 * absent the broker's operator e-mail SMTP settings ({@code broker.email}) are used. {@code password} is a secret.
 */
public record SmtpConfig(String host, Integer port, Boolean startTls, String username, @Secret String password, String from) {

    public SmtpConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("broker.execution.smtp.host is required");
        startTls = startTls == null ? Boolean.TRUE : startTls;
        port = port == null ? 587 : port;
        if (port < 1 || port > 65535) throw new IllegalArgumentException("broker.execution.smtp.port must be 1..65535, was " + port);
        if (from == null || !from.matches("[^@\\s]+@[^@\\s]+")) throw new IllegalArgumentException("broker.execution.smtp.from must be an e-mail address, was " + from);
    }

    /** The operator channel's SMTP settings, sending as its {@code from} address. */
    public static SmtpConfig of(OperatorEmailConfig email) {
        return new SmtpConfig(email.smtpHost(), email.smtpPort(), email.smtpTls(), email.username(), email.password(), email.from());
    }

    /** The server in the shape clawdbot-mail sends with ({@code startTls}: STARTTLS required). */
    public SmtpSettings settings() {
        return SmtpSettings.startTls(host, port, startTls, username, password);
    }

    @Override
    public String toString() {
        return "SmtpConfig[host=" + host + ", port=" + port + ", startTls=" + startTls + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", from=" + from + "]";
    }
}
