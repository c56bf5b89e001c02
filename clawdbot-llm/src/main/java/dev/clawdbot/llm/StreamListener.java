package dev.clawdbot.llm;

/**
 * Receives text as a model streams it. Deltas are provisional: when an attempt fails and is retried or
 * failed over, {@link #onAttemptDiscarded} tells the listener to throw away what it has shown so far.
 */
public interface StreamListener {
    void onTextDelta(String text);

    default void onAttemptDiscarded(String reason) {
    }

    StreamListener NONE = text -> { };
}
