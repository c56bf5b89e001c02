package dev.clawdbot.guard;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The guard module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), GuardEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class GuardEvents implements EventCatalogue {

    public static final EventType GUARD_FAILURE =
            EventType.of("guard.failure", 10, "scanner", "error", "failure", "source", "length");
    public static final EventType GUARD_BLOCKED =
            EventType.of("guard.blocked", 10, "source", "scanners", "scores", "reasons", "length", "micros");
    public static final EventType GUARD_FLAGGED =
            EventType.of("guard.flagged", 6, "source", "scanners", "scores", "reasons", "length", "micros");
    public static final EventType GUARD_PASSED = EventType.of("guard.passed", 0, "source", "length", "micros");
    public static final EventType GUARD_OUTPUT_REDACTED =
            EventType.of("guard.output-redacted", 8, "source", "types", "length");
}
