package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.core.notify.NoticeChannel;
import dev.clawdbot.core.notify.OperatorNotice;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Sends operator notices to the admin chats with the admin bot's token, as plain text (no parse mode, so nothing
 * in a notice is markup); a notice's short {@code summary}, where it has one (reports), instead of its body. Control, bidirectional-override and zero-width characters are shown as {@code <U+XXXX>}
 * so a notice cannot disguise what it says. A send that fails for any chat fails the attempt; the retry sends to
 * every chat again (at-least-once).
 */
public final class TelegramNoticeChannel implements NoticeChannel {

    /** Telegram allows 4,096 characters per message; the footer and the cut marker fit in the rest. */
    static final int MAX_BODY = 3500;

    private final BotApiClient api;
    private final List<Long> chats;

    public TelegramNoticeChannel(TelegramConfig adminBot, List<Long> chats) {
        Objects.requireNonNull(adminBot, "adminBot");
        if (!adminBot.enabled()) throw new IllegalArgumentException("operator.telegram needs adminBot.botToken");
        if (chats.isEmpty()) throw new IllegalArgumentException("operator.telegram: no chat to send to (set operator.telegram.chats or adminBot.allowFrom)");
        this.api = new BotApiClient(adminBot.apiBaseUrl(), adminBot.botToken(), Duration.ofSeconds(20));
        this.chats = List.copyOf(chats);
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public void send(OperatorNotice notice) {
        String text = text(notice);
        for (long chat : chats) api.sendMessage(chat, text, null, null);
    }

    /** The notice's summary where it has one (reports), else its body; either is cut to {@link #MAX_BODY}. */
    static String text(OperatorNotice n) {
        String full = n.summary() != null ? n.summary() : n.body();
        String body = full;
        if (body.length() > MAX_BODY) body = body.substring(0, MAX_BODY) + "\n… (" + (full.length() - MAX_BODY) + " more characters; the full notice is stored)";
        return "⚠ " + visible(n.subject(), false) + "\n\n" + visible(body, true) + "\n\nlevel " + n.level() + " · " + n.source() + " · " + n.time();
    }

    /** Makes characters that hide or reorder text visible; newlines are kept where {@code multiline}. */
    static String visible(String s, boolean multiline) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' && multiline) b.append('\n');
            else if (Character.isISOControl(cp) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                    || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF) b.append(String.format("<U+%04X>", cp));
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
