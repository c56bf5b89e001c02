package dev.clawdbot.guard;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects events for assertions. */
final class RecordingSink implements EventSink {
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(Event event) {
        events.add(event);
    }

    List<Event> ofType(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }
}
