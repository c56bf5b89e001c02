package dev.clawdbot.channels;

import dev.clawdbot.core.config.Secret;
import dev.clawdbot.mail.ImapSettings;
import dev.clawdbot.mail.MailAuth;
import dev.clawdbot.mail.OAuth2Grant;
import dev.clawdbot.mail.SmtpSettings;

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
 * the Telegram chat {@code notifyChatId}.
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
        Smtp smtp,
        Long notifyChatId) {

    /**
     * One IMAP account. XOAUTH2 takes the place of {@code password} when {@code oauth2Token} (a fixed access token)
     * or {@code oauth2} (access tokens obtained and refreshed with a refresh token) is set.
     */
    public record Mailbox(String name, String host, Integer port, Boolean ssl, String user, @Secret String password, @Secret String oauth2Token,
                          List<String> folders, OAuth2 oauth2) {
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
            MailAuth auth = oauth2 != null ? new MailAuth.OAuth2(user, oauth2.grant())
                    : oauth2Token != null ? new MailAuth.AccessToken(user, oauth2Token) : new MailAuth.Password(user, password);
            return new ImapSettings(host, port, ssl, auth);
        }
    }

    /**
     * XOAUTH2 with refreshed access tokens: the OAuth 2.0 refresh-token grant (RFC 6749 section 6) against
     * {@code tokenUrl} (e.g. {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token} or
     * {@code https://oauth2.googleapis.com/token}). An access token is reused until {@code refreshMargin} before it
     * expires. {@code clientSecret} may be absent for public clients; {@code scope} is sent when set (Microsoft wants
     * {@code https://outlook.office.com/IMAP.AccessAsUser.All offline_access}).
     */
    public record OAuth2(String tokenUrl, String clientId, @Secret String clientSecret, @Secret String refreshToken, String scope, Duration refreshMargin) {
        public OAuth2 {
            tokenUrl = TelegramConfig.blankToNull(tokenUrl);
            if (tokenUrl == null) throw new IllegalArgumentException("mail.mailboxes[].oauth2.tokenUrl is required");
            TelegramConfig.checkUrl("mail.mailboxes[].oauth2.tokenUrl", tokenUrl);
            clientId = TelegramConfig.blankToNull(clientId);
            if (clientId == null) throw new IllegalArgumentException("mail.mailboxes[].oauth2.clientId is required");
            clientSecret = TelegramConfig.blankToNull(clientSecret);
            refreshToken = TelegramConfig.blankToNull(refreshToken);
            if (refreshToken == null) throw new IllegalArgumentException("mail.mailboxes[].oauth2.refreshToken is required");
            scope = TelegramConfig.blankToNull(scope);
            refreshMargin = TelegramConfig.positive("mail.mailboxes[].oauth2.refreshMargin", refreshMargin, Duration.ofMinutes(2));
            if (refreshMargin.compareTo(Duration.ofMinutes(30)) > 0) throw new IllegalArgumentException("mail.mailboxes[].oauth2.refreshMargin must be at most 30 minutes, was " + refreshMargin);
        }

        public OAuth2Grant grant() {
            return new OAuth2Grant(tokenUrl, clientId, clientSecret, refreshToken, scope, refreshMargin);
        }

        @Override
        public String toString() {
            return "OAuth2[" + tokenUrl + ", clientId=" + clientId + "]";
        }
    }

    /** Outgoing mail for {@code mail_send}. */
    public record Smtp(String host, Integer port, Boolean ssl, Boolean startTls, String user, @Secret String password, String from) {
        public Smtp {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("mail.smtp.host is required");
            ssl = ssl != null && ssl;
            startTls = startTls == null ? !ssl : startTls;
            port = port == null ? (ssl ? 465 : 587) : port;
            if (from == null || !from.contains("@")) throw new IllegalArgumentException("mail.smtp.from must be an e-mail address, was " + from);
            password = TelegramConfig.blankToNull(password);
        }

        /** The server in the shape clawdbot-mail sends with: implicit TLS, else STARTTLS when offered and {@code startTls}, else plain. */
        public SmtpSettings settings() {
            SmtpSettings.Security security = ssl ? SmtpSettings.Security.SSL
                    : startTls ? SmtpSettings.Security.STARTTLS_IF_OFFERED : SmtpSettings.Security.NONE;
            MailAuth auth = user == null ? new MailAuth.None() : new MailAuth.Password(user, password == null ? "" : password);
            return new SmtpSettings(host, port, security, auth);
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", from=" + from + "]";
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
