package dev.clawdbot.testkit;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event sink that keeps every event, in order, for assertions; safe to emit to from any thread. */
public final class RecordingEvents implements EventSink {
    public final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(Event event) {
        events.add(event);
    }

    public List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    public List<String> types() {
        return events.stream().map(Event::type).toList();
    }
}
