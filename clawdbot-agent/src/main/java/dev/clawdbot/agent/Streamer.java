package dev.clawdbot.agent;

import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.llm.StreamListener;

/**
 * Passes a model's text deltas to the reply listener across the steps of one turn, separating steps with a
 * blank line, forwarding discarded attempts, and sending a step's text at once when the provider did not stream.
 */
final class Streamer implements StreamListener {

    private final ReplyListener listener;
    private final StringBuilder text = new StringBuilder();
    private int stepStart;
    private boolean streamedThisStep;

    Streamer(ReplyListener listener) {
        this.listener = listener;
    }

    void beginStep() {
        stepStart = text.length();
        streamedThisStep = false;
    }

    @Override
    public void onTextDelta(String delta) {
        if (delta == null || delta.isEmpty()) return;
        if (!streamedThisStep && stepStart > 0) emit("\n\n");
        streamedThisStep = true;
        emit(delta);
    }

    @Override
    public void onAttemptDiscarded(String reason) {
        text.setLength(stepStart);
        streamedThisStep = false;
        listener.onAttemptDiscarded(reason);
        if (!text.isEmpty()) listener.onDelta(text.toString());
    }

    /** Ends a step whose complete text is {@code finalText}; sends it when nothing was streamed. */
    void endStep(String finalText) {
        if (!streamedThisStep && finalText != null && !finalText.isEmpty()) onTextDelta(finalText);
    }

    String text() {
        return text.toString();
    }

    private void emit(String s) {
        text.append(s);
        listener.onDelta(s);
    }
}
