package dev.clawdbot.app;

import dev.clawdbot.channels.TelegramNoticeConfig;
import dev.clawdbot.core.notify.NotifyPolicy;
import dev.clawdbot.mail.MailNoticeConfig;

import java.time.Duration;

/**
 * {@code operator:} — how operator notices are pushed (docs/notify.md). Every key may be omitted; with no
 * {@code email} and no admin bot, notices are stored and logged only. {@code telegramChatId} is a removed key,
 * kept to explain itself: broker approvals now come through the admin bot.
 */
public record OperatorConfig(Long telegramChatId, Integer level, Duration dedupWindow, Integer maxPerWindow, Duration window,
                             Integer maxAttempts, Duration retryBase, Duration retryMax, MailNoticeConfig email,
                             TelegramNoticeConfig telegram) {

    public OperatorConfig {
        if (telegramChatId != null) {
            throw new IllegalArgumentException("operator.telegramChatId is no longer supported: Telegram approvals come through the admin bot."
                    + " Remove it, set adminBot.botToken and list the operator's Telegram user id in adminBot.allowFrom"
                    + " (approvals go to that operator's private chat with the admin bot)");
        }
        NotifyPolicy d = NotifyPolicy.defaults();
        level = level == null ? d.level() : level;
        if (level < 0 || level > 16) throw new IllegalArgumentException("operator.level must be 0..16, was " + level);
        dedupWindow = atLeast("operator.dedupWindow", dedupWindow, d.dedupWindow(), Duration.ZERO);
        maxPerWindow = maxPerWindow == null ? d.maxPerWindow() : maxPerWindow;
        if (maxPerWindow < 1 || maxPerWindow > 10_000) throw new IllegalArgumentException("operator.maxPerWindow must be 1..10000, was " + maxPerWindow);
        window = atLeast("operator.window", window, d.window(), Duration.ofSeconds(1));
        maxAttempts = maxAttempts == null ? d.maxAttempts() : maxAttempts;
        if (maxAttempts < 1 || maxAttempts > 1000) throw new IllegalArgumentException("operator.maxAttempts must be 1..1000, was " + maxAttempts);
        retryBase = atLeast("operator.retryBase", retryBase, d.retryBase(), Duration.ofMillis(100));
        retryMax = atLeast("operator.retryMax", retryMax, d.retryMax(), retryBase);
        telegram = telegram == null ? TelegramNoticeConfig.defaults() : telegram;
    }

    /** All defaults: level 10, no e-mail, the admin bot's chats when there is an admin bot. */
    static OperatorConfig defaults() {
        return new OperatorConfig(null, null, null, null, null, null, null, null, null, null);
    }

    NotifyPolicy policy() {
        return new NotifyPolicy(level, dedupWindow, maxPerWindow, window, maxAttempts, retryBase, retryMax);
    }

    private static Duration atLeast(String key, Duration value, Duration dflt, Duration min) {
        if (value == null) return dflt;
        if (value.compareTo(min) < 0) throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
        return value;
    }
}
