package dev.clawdbot.core.events;

/** Where events go. Implementations must be thread-safe and must not throw: a failing sink logs and carries on. */
@FunctionalInterface
public interface EventSink {
    void emit(Event event);

    /** A sink that drops everything, for tests and one-shot commands that record nothing. */
    EventSink NONE = event -> { };
}
