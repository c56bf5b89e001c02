package dev.clawdbot.channels;

/**
 * A line of plain text to one operator's Telegram chat (mail notify, the admin bot's outcomes); the app wires it to
 * {@link dev.clawdbot.channels.telegram.TelegramChannel#operatorChat} or
 * {@link dev.clawdbot.channels.telegram.AdminBot#operatorChat}. Approval questions go through
 * {@link dev.clawdbot.channels.telegram.TelegramOperatorChannel} instead.
 */
@FunctionalInterface
public interface OperatorChat {
    /** Delivers one notice; throws when it could not be delivered, so that the sender can keep it for later. */
    void send(String text);
}
