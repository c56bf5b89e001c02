package dev.clawdbot.core.chat;

/**
 * Receives a reply as it is produced. {@link #onDelta} may be called many times with streamed text;
 * exactly one of {@link #onComplete} or {@link #onError} ends the reply. Calls come from one thread at a time.
 */
public interface ReplyListener {
    default void onDelta(String text) {
    }

    /** Called while a tool runs, for channels that show progress (typing indicators). */
    default void onToolStarted(String toolName) {
    }

    /**
     * The text streamed so far for this reply was provisional: the model attempt that produced it failed and was
     * retried or failed over. Forget it; the text that still stands follows as a delta.
     */
    default void onAttemptDiscarded(String reason) {
    }

    void onComplete(Reply reply);

    void onError(ChatError error);
}
