package dev.clawdbot.llm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects deltas and discards, so tests can check what a user would have seen. */
final class RecordingListener implements StreamListener {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<String> discards = new CopyOnWriteArrayList<>();
    final StringBuilder visible = new StringBuilder();

    @Override
    public synchronized void onTextDelta(String text) {
        deltas.add(text);
        visible.append(text);
    }

    @Override
    public synchronized void onAttemptDiscarded(String reason) {
        discards.add(reason);
        visible.setLength(0);
    }

    synchronized String visible() {
        return visible.toString();
    }
}
