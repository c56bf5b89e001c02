package dev.clawdbot.channels;

/**
 * A line of plain text to one operator's Telegram chat (mail notify, the admin bot's outcomes); the app wires it to
 * {@link TelegramChannel#operatorChat} or {@link AdminBot#operatorChat}. Approval questions go through
 * {@link TelegramOperatorChannel} instead.
 */
@FunctionalInterface
public interface OperatorChat {
    /** Delivers one notice; throws when it could not be delivered, so that the sender can keep it for later. */
    void send(String text);
}
