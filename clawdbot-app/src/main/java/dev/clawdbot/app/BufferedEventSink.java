package dev.clawdbot.app;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.util.ArrayList;
import java.util.List;

/**
 * An event sink for the parts built while the database (and so the events log) is still opening: events keep
 * their own timestamps and are held, in order, until {@link #attach} hands them to the real sink. It never
 * blocks the emitting thread, so a part built in parallel with the database cannot wait on it.
 */
final class BufferedEventSink implements EventSink {

    private final List<Event> held = new ArrayList<>();
    private volatile EventSink target;

    @Override
    public void emit(Event event) {
        EventSink t = target;
        if (t == null) {
            synchronized (this) {
                t = target;
                if (t == null) {
                    held.add(event);
                    return;
                }
            }
        }
        // Outside the lock once attached: the parts emit on every turn and must not serialise on this sink.
        t.emit(event);
    }

    /** Delivers what was held to {@code sink} and forwards everything after it; later calls change nothing. */
    synchronized void attach(EventSink sink) {
        if (target != null) return;
        held.forEach(sink::emit);
        held.clear();
        target = sink;
    }

    synchronized int held() {
        return held.size();
    }
}
