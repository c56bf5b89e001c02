package dev.clawdbot.channels;

import dev.clawdbot.core.config.Secret;
import dev.clawdbot.mail.ImapSettings;
import dev.clawdbot.mail.OAuth2Config;
import dev.clawdbot.mail.SmtpConfig;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Mail notify and the mail tools. Each mailbox is watched with IMAP IDLE; new messages are summarised to
 * the operator unless a sender filter excludes them, and held during quiet hours ({@code quietStart} to
 * {@code quietEnd}, "HH:mm" in {@code quietZone}). {@code sendAllowed} lists recipients {@code mail_send}
 * may write to without approval: full addresses, or {@code @domain} for a whole domain. Notices go to
 * the Telegram chat {@code notifyChatId}. {@code smtp} (the shared {@link SmtpConfig} shape, STARTTLS when offered)
 * sends {@code mail_send}'s mail as its {@code from}.
 */
public record MailConfig(
        List<Mailbox> mailboxes,
        List<String> notifySenders,
        List<String> ignoreSenders,
        String quietStart,
        String quietEnd,
        String quietZone,
        Integer previewLines,
        Duration reidleInterval,
        Duration maxBackoff,
        Duration pollInterval,
        List<String> sendAllowed,
        SmtpConfig smtp,
        Long notifyChatId) {

    /**
     * One IMAP account. XOAUTH2 takes the place of {@code password} when {@code oauth2Token} (a fixed access token)
     * or {@code oauth2} (access tokens obtained and refreshed with a refresh token) is set.
     */
    public record Mailbox(String name, String host, Integer port, Boolean ssl, String user, @Secret String password, @Secret String oauth2Token,
                          List<String> folders, OAuth2Config oauth2) {
        public Mailbox {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,40}")) throw new IllegalArgumentException("mail.mailboxes[].name must be 1-40 letters, digits, _ or -, was " + name);
            if (host == null || host.isBlank()) throw new IllegalArgumentException("mail.mailboxes[" + name + "].host is required");
            ssl = ssl == null || ssl;
            port = port == null ? (ssl ? 993 : 143) : port;
            if (port < 1 || port > 65535) throw new IllegalArgumentException("mail.mailboxes[" + name + "].port must be 1..65535, was " + port);
            if (user == null || user.isBlank()) throw new IllegalArgumentException("mail.mailboxes[" + name + "].user is required");
            password = TelegramConfig.blankToNull(password);
            oauth2Token = TelegramConfig.blankToNull(oauth2Token);
            if (password == null && oauth2Token == null && oauth2 == null) throw new IllegalArgumentException("mail.mailboxes[" + name + "] needs password (app password), oauth2 (refresh token) or oauth2Token");
            if (oauth2 != null && (password != null || oauth2Token != null)) throw new IllegalArgumentException("mail.mailboxes[" + name + "]: set oauth2 or password/oauth2Token, not both");
            folders = folders == null || folders.isEmpty() ? List.of("INBOX") : List.copyOf(folders);
        }

        @Override
        public String toString() {
            return "Mailbox[" + name + ", " + user + "@" + host + ":" + port + ", folders=" + folders + (oauth2 == null ? "" : ", " + oauth2) + "]";
        }

        /** Authenticates with XOAUTH2 rather than a password. */
        public boolean xoauth2() {
            return oauth2 != null || oauth2Token != null;
        }

        /** The account in the shape clawdbot-mail connects with. */
        public ImapSettings imap() {
            return new ImapSettings(host, port, ssl, OAuth2Config.auth(user, password, oauth2Token, oauth2));
        }
    }

    public MailConfig {
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        if (mailboxes.stream().map(Mailbox::name).distinct().count() != mailboxes.size()) throw new IllegalArgumentException("mail.mailboxes: names must be unique");
        notifySenders = lower(notifySenders);
        ignoreSenders = lower(ignoreSenders);
        quietStart = TelegramConfig.blankToNull(quietStart);
        quietEnd = TelegramConfig.blankToNull(quietEnd);
        if ((quietStart == null) != (quietEnd == null)) throw new IllegalArgumentException("mail.quietStart and mail.quietEnd must be set together");
        if (quietStart != null) {
            time("mail.quietStart", quietStart);
            time("mail.quietEnd", quietEnd);
        }
        quietZone = quietZone == null || quietZone.isBlank() ? "UTC" : quietZone;
        try {
            ZoneId.of(quietZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("mail.quietZone is not a time zone: '" + quietZone + "'");
        }
        previewLines = previewLines == null ? 3 : previewLines;
        if (previewLines < 0 || previewLines > 20) throw new IllegalArgumentException("mail.previewLines must be 0..20, was " + previewLines);
        reidleInterval = TelegramConfig.positive("mail.reidleInterval", reidleInterval, Duration.ofMinutes(25));
        if (reidleInterval.compareTo(Duration.ofMinutes(29)) >= 0) throw new IllegalArgumentException("mail.reidleInterval must be under 29 minutes (RFC 2177), was " + reidleInterval);
        maxBackoff = TelegramConfig.positive("mail.maxBackoff", maxBackoff, Duration.ofMinutes(5));
        pollInterval = TelegramConfig.positive("mail.pollInterval", pollInterval, Duration.ofMinutes(2));
        sendAllowed = lower(sendAllowed);
        if (smtp != null && smtp.from() == null) throw new IllegalArgumentException("mail.smtp.from must be an e-mail address, was null");
        if (!mailboxes.isEmpty() && notifyChatId == null) throw new IllegalArgumentException("mail.notifyChatId (the operator's Telegram chat id) is required when mailboxes are watched");
    }

    public static MailConfig of(List<Mailbox> mailboxes, long notifyChatId) {
        return new MailConfig(mailboxes, null, null, null, null, null, null, null, null, null, null, null, notifyChatId);
    }

    public ZoneId zone() {
        return ZoneId.of(quietZone);
    }

    private static List<String> lower(List<String> l) {
        return l == null ? List.of() : l.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    }

    static LocalTime time(String key, String v) {
        try {
            return LocalTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be HH:mm, was '" + v + "'");
        }
    }
}
