package dev.clawdbot.agent;

import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Messages with an idempotency key that are queued or running. A second submission of a key still in flight
 * does not start a run: it waits for the first one's outcome and gets the same reply or error.
 */
final class InFlight {

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Consumer<Throwable> onListenerFailure;

    InFlight(Consumer<Throwable> onListenerFailure) {
        this.onListenerFailure = onListenerFailure;
    }

    static String key(String agentId, String channel, String idempotencyKey) {
        return agentId + '\u0000' + channel + '\u0000' + idempotencyKey;
    }

    /**
     * Registers the key as in flight and returns the listener the run must report to; or, when the key is
     * already in flight, attaches {@code listener} to that run and returns null.
     */
    ReplyListener register(String key, ReplyListener listener) {
        Entry[] created = new Entry[1];
        entries.compute(key, (k, current) -> {
            if (current != null && current.join(listener)) return current;
            created[0] = new Entry(k, listener);
            return created[0];
        });
        return created[0];
    }

    int size() {
        return entries.size();
    }

    private final class Entry implements ReplyListener {
        private final String key;
        private final ReplyListener primary;
        private final List<ReplyListener> waiters = new ArrayList<>();
        private boolean finished;

        Entry(String key, ReplyListener primary) {
            this.key = key;
            this.primary = primary;
        }

        synchronized boolean join(ReplyListener waiter) {
            if (finished) return false;
            waiters.add(waiter);
            return true;
        }

        @Override
        public void onDelta(String text) {
            primary.onDelta(text);
        }

        @Override
        public void onToolStarted(String toolName) {
            primary.onToolStarted(toolName);
        }

        @Override
        public void onAttemptDiscarded(String reason) {
            primary.onAttemptDiscarded(reason);
        }

        @Override
        public void onComplete(Reply reply) {
            for (ReplyListener l : finish()) deliver(() -> l.onComplete(reply));
        }

        @Override
        public void onError(ChatError error) {
            for (ReplyListener l : finish()) deliver(() -> l.onError(error));
        }

        /** Ends the entry (a later submission starts afresh) and returns everyone to tell, the primary first. */
        private List<ReplyListener> finish() {
            List<ReplyListener> all = new ArrayList<>();
            all.add(primary);
            synchronized (this) {
                finished = true;
                all.addAll(waiters);
            }
            entries.remove(key, this);
            return all;
        }

        private void deliver(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                onListenerFailure.accept(e);
            }
        }
    }
}
