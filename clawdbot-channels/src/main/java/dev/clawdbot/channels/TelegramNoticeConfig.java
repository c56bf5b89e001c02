package dev.clawdbot.channels;

import java.util.List;

/**
 * {@code operator.telegram}: operator notices through the admin bot ({@code adminBot.botToken}). {@code chats}
 * defaults to {@code adminBot.allowFrom}, the operators' private chats with the bot; {@code enabled: false} turns
 * the channel off while the admin bot runs.
 */
public record TelegramNoticeConfig(Boolean enabled, List<Long> chats) {

    public TelegramNoticeConfig {
        enabled = enabled == null || enabled;
        chats = chats == null ? List.of() : List.copyOf(chats);
        for (Long id : chats) if (id == null || id == 0) throw new IllegalArgumentException("operator.telegram.chats: not a chat id: " + id);
    }

    /** On, to the admin bot's operators. */
    public static TelegramNoticeConfig defaults() {
        return new TelegramNoticeConfig(null, null);
    }

    /** The chats notices go to: {@code chats}, else the admin bot's allowlist. */
    public List<Long> chatsFor(TelegramConfig adminBot) {
        return chats.isEmpty() ? adminBot.allowFrom() : chats;
    }
}
