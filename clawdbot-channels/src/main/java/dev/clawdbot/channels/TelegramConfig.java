package dev.clawdbot.channels;

import dev.clawdbot.core.config.RecordBuilder;
import dev.clawdbot.core.config.Secret;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One Telegram bot (the user bot under {@code telegram:}, the admin bot under {@code adminBot:}). A null
 * {@code botToken} disables the bot. The quick-start variables {@code TELEGRAM_BOT_TOKEN}, {@code TELEGRAM_API_BASE_URL}
 * and {@code TELEGRAM_ALLOW_FROM} set {@code telegram.*} keys before binding (the app's environment table).
 */
public record TelegramConfig(
        @Secret String botToken,
        String apiBaseUrl,
        List<Long> allowFrom,
        List<Long> allowGroups,
        Mode mode,
        String webhookUrl,
        @Secret String webhookSecret,
        Integer pollTimeoutSeconds,
        ParseMode parseMode,
        Boolean pairing,
        Duration perChatInterval,
        Integer globalPerSecond,
        Duration typingInterval,
        Boolean liveEdit,
        Duration editInterval,
        String agent) {

    public static final String DEFAULT_API_BASE_URL = "https://api.telegram.org";

    /** Long-poll wait per getUpdates call. */
    public static final int DEFAULT_POLL_TIMEOUT_SECONDS = 30;
    /** Telegram's documented limits: about one message per second per chat and 30 per second overall. */
    public static final Duration DEFAULT_PER_CHAT_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_GLOBAL_PER_SECOND = 30;
    /** The typing indicator lasts about 5 s; it is renewed before it lapses. */
    public static final Duration DEFAULT_TYPING_INTERVAL = Duration.ofSeconds(4);
    /** How often a streamed reply's message is edited when live edit is on. */
    public static final Duration DEFAULT_EDIT_INTERVAL = Duration.ofMillis(1500);

    public enum Mode { POLLING, WEBHOOK }

    public enum ParseMode { HTML, MARKDOWN_V2 }

    public TelegramConfig {
        botToken = blankToNull(botToken);
        apiBaseUrl = apiBaseUrl == null || apiBaseUrl.isBlank() ? DEFAULT_API_BASE_URL : stripSlash(apiBaseUrl.trim());
        checkUrl("telegram.apiBaseUrl", apiBaseUrl);
        allowFrom = allowFrom == null ? List.of() : List.copyOf(allowFrom);
        allowGroups = allowGroups == null ? List.of() : List.copyOf(allowGroups);
        for (Long id : allowFrom) if (id == null || id <= 0) throw new IllegalArgumentException("telegram.allowFrom: user ids are positive numbers, was " + id);
        for (Long id : allowGroups) if (id == null || id >= 0) throw new IllegalArgumentException("telegram.allowGroups: group chat ids are negative numbers, was " + id);
        mode = mode == null ? Mode.POLLING : mode;
        webhookUrl = blankToNull(webhookUrl);
        webhookSecret = blankToNull(webhookSecret);
        if (mode == Mode.WEBHOOK) {
            if (webhookUrl == null) throw new IllegalArgumentException("telegram.webhookUrl is required when telegram.mode is WEBHOOK");
            checkUrl("telegram.webhookUrl", webhookUrl);
            if (webhookSecret == null) throw new IllegalArgumentException("telegram.webhookSecret is required when telegram.mode is WEBHOOK");
        }
        if (webhookSecret != null && !webhookSecret.matches("[A-Za-z0-9_-]{16,256}"))
            throw new IllegalArgumentException("telegram.webhookSecret must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -");
        pollTimeoutSeconds = pollTimeoutSeconds == null ? DEFAULT_POLL_TIMEOUT_SECONDS : pollTimeoutSeconds;
        if (pollTimeoutSeconds < 0 || pollTimeoutSeconds > 50) throw new IllegalArgumentException("telegram.pollTimeoutSeconds must be 0..50, was " + pollTimeoutSeconds);
        parseMode = parseMode == null ? ParseMode.HTML : parseMode;
        pairing = pairing != null && pairing;
        perChatInterval = positive("telegram.perChatInterval", perChatInterval, DEFAULT_PER_CHAT_INTERVAL);
        globalPerSecond = globalPerSecond == null ? DEFAULT_GLOBAL_PER_SECOND : globalPerSecond;
        if (globalPerSecond < 1 || globalPerSecond > 1000) throw new IllegalArgumentException("telegram.globalPerSecond must be 1..1000, was " + globalPerSecond);
        typingInterval = positive("telegram.typingInterval", typingInterval, DEFAULT_TYPING_INTERVAL);
        liveEdit = liveEdit != null && liveEdit;
        editInterval = positive("telegram.editInterval", editInterval, DEFAULT_EDIT_INTERVAL);
        agent = blankToNull(agent);
    }

    /** A bot with the given token and allowlist, everything else default. */
    public static TelegramConfig of(String botToken, String apiBaseUrl, List<Long> allowFrom) {
        return builder().botToken(botToken).apiBaseUrl(apiBaseUrl).allowFrom(allowFrom).build();
    }

    public boolean enabled() {
        return botToken != null;
    }

    @Override
    public String toString() {
        return "TelegramConfig[botToken=" + (botToken == null ? "(none)" : "***") + ", apiBaseUrl=" + apiBaseUrl
                + ", allowFrom=" + allowFrom + ", allowGroups=" + allowGroups + ", mode=" + mode + ", parseMode=" + parseMode
                + ", pairing=" + pairing + "]";
    }


    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static void checkUrl(String key, String url) {
        try {
            URI u = URI.create(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null)
                throw new IllegalArgumentException(key + " must be an http(s) URL, was '" + url + "'");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(key)) throw e;
            throw new IllegalArgumentException(key + " is not a valid URL: '" + url + "'");
        }
    }

    static Duration positive(String key, Duration d, Duration dflt) {
        if (d == null) return dflt;
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(key + " must be positive, was " + d);
        return d;
    }

    /** A builder with every component unset (null), so each takes the default this record gives it. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder extends RecordBuilder<TelegramConfig, Builder> {
        private Builder(TelegramConfig from) {
            super(TelegramConfig.class, from);
        }

        public Builder botToken(String botToken) { return set("botToken", botToken); }
        public Builder apiBaseUrl(String apiBaseUrl) { return set("apiBaseUrl", apiBaseUrl); }
        public Builder allowFrom(List<Long> allowFrom) { return set("allowFrom", allowFrom); }
        public Builder allowGroups(List<Long> allowGroups) { return set("allowGroups", allowGroups); }
        public Builder mode(Mode mode) { return set("mode", mode); }
        public Builder webhookUrl(String webhookUrl) { return set("webhookUrl", webhookUrl); }
        public Builder webhookSecret(String webhookSecret) { return set("webhookSecret", webhookSecret); }
        public Builder pollTimeoutSeconds(Integer pollTimeoutSeconds) { return set("pollTimeoutSeconds", pollTimeoutSeconds); }
        public Builder parseMode(ParseMode parseMode) { return set("parseMode", parseMode); }
        public Builder pairing(Boolean pairing) { return set("pairing", pairing); }
        public Builder perChatInterval(Duration perChatInterval) { return set("perChatInterval", perChatInterval); }
        public Builder globalPerSecond(Integer globalPerSecond) { return set("globalPerSecond", globalPerSecond); }
        public Builder typingInterval(Duration typingInterval) { return set("typingInterval", typingInterval); }
        public Builder liveEdit(Boolean liveEdit) { return set("liveEdit", liveEdit); }
        public Builder editInterval(Duration editInterval) { return set("editInterval", editInterval); }
        public Builder agent(String agent) { return set("agent", agent); }
    }
}
