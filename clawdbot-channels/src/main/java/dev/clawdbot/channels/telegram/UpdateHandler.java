package dev.clawdbot.channels.telegram;

/** Handles accepted updates from the inbox, one at a time and in update order. */
public interface UpdateHandler {
    /** Handles a pending row; must move it out of {@code pending} (the runtime marks it failed if this throws). */
    void handle(UpdateStore.InboxRow row);

    /**
     * A row was handed to the agent before restarts and never finished, and is not resubmitted again (see
     * {@link BotRuntime#recoverInterrupted}); the sender should be told.
     */
    void interrupted(UpdateStore.InboxRow row);
}
