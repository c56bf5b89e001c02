package dev.clawdbot.channels;

/** Where operator notices go (the app wires it to the user bot's {@link TelegramChannel#notify} for the operator's chat). */
@FunctionalInterface
public interface OperatorChannel {
    /** Delivers one notice; throws when it could not be delivered, so that the sender can keep it for later. */
    void send(String text);
}
