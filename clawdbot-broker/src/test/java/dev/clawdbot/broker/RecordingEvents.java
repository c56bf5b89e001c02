package dev.clawdbot.broker;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event for assertions. */
public final class RecordingEvents implements EventSink {
    public final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(Event event) {
        events.add(event);
    }

    public List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }
}
