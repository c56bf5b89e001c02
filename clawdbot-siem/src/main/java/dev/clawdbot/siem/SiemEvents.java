package dev.clawdbot.siem;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The siem module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), SiemEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class SiemEvents implements EventCatalogue {

    public static final EventType SIEM_DROPPED = EventType.of("siem.dropped", 10, "lines", "total");
    public static final EventType SIEM_RESPONSE_FAILED =
            EventType.of("siem.response.failed", 10, "address", "rule", "error");
    public static final EventType SIEM_RESPONSE_BLOCK =
            EventType.of("siem.response.block", 8, "address", "rule", "offence", "timeoutSeconds", "expires", "dryRun");
    public static final EventType SIEM_RESPONSE_UNBLOCK =
            EventType.of("siem.response.unblock", 5, "address", "rule", "reason", "dryRun");
    public static final EventType SIEM_RESPONSE_REFUSED =
            EventType.of("siem.response.refused", 5, "address", "rule", "reason");
}
