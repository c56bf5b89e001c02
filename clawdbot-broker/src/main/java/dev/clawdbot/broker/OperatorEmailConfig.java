package dev.clawdbot.broker;

import dev.clawdbot.core.config.Secret;
import dev.clawdbot.mail.ImapConfig;
import dev.clawdbot.mail.ImapSettings;
import dev.clawdbot.mail.MailAuth;
import dev.clawdbot.mail.OAuth2Config;
import dev.clawdbot.mail.SmtpConfig;
import dev.clawdbot.mail.SmtpSettings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The operator e-mail channel (YAML key {@code broker.email}); absent means no e-mail channel. SMTP sends the
 * approval requests; IMAP is watched for replies with IDLE (re-issued every {@code reidleInterval}, below the
 * 29-minute server limit; reconnecting with backoff up to {@code maxBackoff}; polled every {@code pollInterval}
 * when the server has no IDLE). {@code commandAddress}: mail to this address from a proven operator starts an
 * admin-agent run (null: off). {@code operators} is the allowlist of addresses whose replies
 * count; {@code trustedAuthservIds} names the receiving servers whose Authentication-Results header is believed
 * (empty: only the one-time code or signed link proves a reply). The servers are written as {@code smtp} and
 * {@code imap} (the shared {@link SmtpConfig} and {@link ImapConfig} shapes) or with the older flat keys
 * ({@code smtpHost}, {@code smtpPort}, {@code smtpTls}, {@code imapHost}, ...). One section login serves both directions: {@code username}
 * with {@code oauth2} (XOAUTH2, refreshed tokens), {@code oauth2Token} (XOAUTH2, a fixed token) or {@code password}
 * (an app password), in that order ({@link OAuth2Config#auth}). Secrets are resolved values, never printed.
 */
public record OperatorEmailConfig(String smtpHost, Integer smtpPort, Boolean smtpTls, String imapHost, Integer imapPort,
                                  Boolean imapSsl, String username, @Secret String password, String from, List<String> operators,
                                  List<String> trustedAuthservIds, String folder, Duration pollInterval, String commandAddress,
                                  Duration reidleInterval, Duration maxBackoff, @Secret String oauth2Token, OAuth2Config oauth2,
                                  SmtpConfig smtp, ImapConfig imap) {

    public OperatorEmailConfig {
        if (smtp != null) {
            if (smtpHost != null && !smtpHost.equals(smtp.host()) || smtpPort != null && !smtpPort.equals(smtp.port())
                    || smtpTls != null && !smtpTls.equals(smtp.startTls())) {
                throw new IllegalArgumentException("broker.email: write the SMTP server as smtp (host, port, ...) or as smtpHost/smtpPort/smtpTls, not both");
            }
            smtpHost = smtp.host();
            smtpPort = smtp.port();
            smtpTls = smtp.startTls();
        }
        if (imap != null) {
            if (imapHost != null && !imapHost.equals(imap.host()) || imapPort != null && !imapPort.equals(imap.port())
                    || imapSsl != null && !imapSsl.equals(imap.ssl())) {
                throw new IllegalArgumentException("broker.email: write the IMAP server as imap (host, port, ...) or as imapHost/imapPort/imapSsl, not both");
            }
            imapHost = imap.host();
            imapPort = imap.port();
            imapSsl = imap.ssl();
        }
        if (smtpHost == null || smtpHost.isBlank()) throw new IllegalArgumentException("broker.email.smtpHost is required");
        if (imapHost == null || imapHost.isBlank()) throw new IllegalArgumentException("broker.email.imapHost is required");
        smtpTls = smtpTls == null ? Boolean.TRUE : smtpTls;
        imapSsl = imapSsl == null ? Boolean.TRUE : imapSsl;
        smtpPort = smtpPort == null ? 587 : smtpPort;
        imapPort = imapPort == null ? (imapSsl ? 993 : 143) : imapPort;
        if (smtpPort < 1 || smtpPort > 65535) throw new IllegalArgumentException("broker.email.smtpPort must be 1..65535, was " + smtpPort);
        if (imapPort < 1 || imapPort > 65535) throw new IllegalArgumentException("broker.email.imapPort must be 1..65535, was " + imapPort);
        if (from == null || !from.contains("@")) throw new IllegalArgumentException("broker.email.from must be an e-mail address, was " + from);
        operators = operators == null ? List.of() : operators.stream().map(o -> o.strip().toLowerCase(Locale.ROOT)).toList();
        if (operators.isEmpty()) throw new IllegalArgumentException("broker.email.operators must list at least one operator address");
        for (String o : operators) if (!o.matches("[^@\\s]+@[^@\\s]+")) throw new IllegalArgumentException("broker.email.operators: not an address: " + o);
        trustedAuthservIds = trustedAuthservIds == null ? List.of() : trustedAuthservIds.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        folder = folder == null ? "INBOX" : folder;
        pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("broker.email.pollInterval must be at least 1s, was " + pollInterval);
        commandAddress = commandAddress == null || commandAddress.isBlank() ? null : commandAddress.strip().toLowerCase(Locale.ROOT);
        if (commandAddress != null && !commandAddress.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("broker.email.commandAddress: not an address: " + commandAddress);
        }
        if (commandAddress != null && operators.contains(commandAddress)) {
            throw new IllegalArgumentException("broker.email.commandAddress must not be an operator address: " + commandAddress);
        }
        reidleInterval = reidleInterval == null ? Duration.ofMinutes(25) : reidleInterval;
        if (reidleInterval.compareTo(Duration.ofSeconds(1)) < 0 || reidleInterval.compareTo(Duration.ofMinutes(29)) >= 0) {
            throw new IllegalArgumentException("broker.email.reidleInterval must be at least 1s and under 29m (servers end IDLE after 30m), was " + reidleInterval);
        }
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
        if (maxBackoff.compareTo(Duration.ofSeconds(1)) < 0 || maxBackoff.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("broker.email.maxBackoff must be between 1s and 1h, was " + maxBackoff);
        }
        oauth2Token = oauth2Token == null || oauth2Token.isBlank() ? null : oauth2Token;
        if ((username == null || username.isBlank()) && (oauth2 != null || oauth2Token != null)) {
            throw new IllegalArgumentException("broker.email.username is required with oauth2 or oauth2Token");
        }
    }

    /** A password login. */
    public OperatorEmailConfig(String smtpHost, Integer smtpPort, Boolean smtpTls, String imapHost, Integer imapPort,
                               Boolean imapSsl, String username, String password, String from, List<String> operators,
                               List<String> trustedAuthservIds, String folder, Duration pollInterval, String commandAddress,
                               Duration reidleInterval, Duration maxBackoff) {
        this(smtpHost, smtpPort, smtpTls, imapHost, imapPort, imapSsl, username, password, from, operators, trustedAuthservIds, folder,
                pollInterval, commandAddress, reidleInterval, maxBackoff, null, null, null, null);
    }

    /** Without the command address and the IDLE settings (their defaults apply). */
    public OperatorEmailConfig(String smtpHost, Integer smtpPort, Boolean smtpTls, String imapHost, Integer imapPort, Boolean imapSsl,
                               String username, String password, String from, List<String> operators, List<String> trustedAuthservIds,
                               String folder, Duration pollInterval) {
        this(smtpHost, smtpPort, smtpTls, imapHost, imapPort, imapSsl, username, password, from, operators, trustedAuthservIds, folder,
                pollInterval, null, null, null);
    }

    /** The SMTP server in the shape clawdbot-mail sends with ({@code smtpTls}: STARTTLS required). */
    public SmtpSettings smtpSettings() {
        if (smtp != null) return smtp.settings(SmtpSettings.Security.STARTTLS, login());
        return new SmtpSettings(smtpHost, smtpPort, smtpTls ? SmtpSettings.Security.STARTTLS : SmtpSettings.Security.NONE, login());
    }

    /** The SMTP side in the YAML shape of {@code broker.execution.smtp}, sending as {@code from}. */
    public SmtpConfig smtpConfig() {
        if (smtp != null && smtp.user() != null) return new SmtpConfig(smtp.host(), smtp.port(), smtp.ssl(), smtp.startTls(), smtp.user(),
                smtp.password(), smtp.oauth2Token(), smtp.oauth2(), from);
        return new SmtpConfig(smtpHost, smtpPort, smtp != null && smtp.ssl(), smtpTls, username, password, oauth2Token, oauth2, from);
    }

    /** The IMAP account in the shape clawdbot-mail connects with. */
    public ImapSettings imapSettings() {
        return imap != null ? imap.settings(login()) : new ImapSettings(imapHost, imapPort, imapSsl, login());
    }

    /** The section's own login ({@code username} with {@code oauth2}, {@code oauth2Token} or {@code password}). */
    private MailAuth login() {
        return OAuth2Config.auth(username, password, oauth2Token, oauth2);
    }

    @Override
    public String toString() {
        return "OperatorEmailConfig[smtp=" + smtpHost + ":" + smtpPort + ", imap=" + imapHost + ":" + imapPort + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", oauth2Token=" + (oauth2Token == null ? "none" : "***")
                + (oauth2 == null ? "" : ", " + oauth2) + (smtp == null ? "" : ", " + smtp) + (imap == null ? "" : ", " + imap) + ", from=" + from + ", operators=" + operators
                + ", trustedAuthservIds=" + trustedAuthservIds + ", folder=" + folder + ", pollInterval=" + pollInterval
                + ", commandAddress=" + commandAddress + ", reidleInterval=" + reidleInterval + ", maxBackoff=" + maxBackoff + "]";
    }
}
