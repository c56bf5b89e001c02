package dev.clawdbot.core.events;

/** The core module's event types: the event log's own and the operator notifier's ({@code docs/events.md}, core). */
public final class CoreEvents implements EventCatalogue {

    public static final EventType EVENTS_DROPPED = EventType.of("events.dropped", 12, "count", "total");
    public static final EventType NOTIFY_SENT = EventType.of("notify.sent", 2, "channel", "kind", "level");
    public static final EventType NOTIFY_FAILED = EventType.of("notify.failed", 5, "channel", "attempt", "error").orLevels(8);
    public static final EventType NOTIFY_SUPPRESSED = EventType.of("notify.suppressed", 6, "channel", "notice");
    public static final EventType NOTIFY_DEDUPLICATED = EventType.of("notify.deduplicated", 1, "notice", "source");
}
