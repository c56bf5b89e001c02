package dev.clawdbot.ops;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The ops module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), OpsEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class OpsEvents implements EventCatalogue {

    public static final EventType OPS_WATCHDOG_REPAIRED =
            EventType.of("ops.watchdog.repaired", 10, "file", "problems", "actions").orLevels(7);
    public static final EventType OPS_WATCHDOG_RESTART =
            EventType.of("ops.watchdog.restart", 7, "argv", "container", "exitCode", "repairedFiles").orLevels(10);
    public static final EventType OPS_WATCHDOG_STORE_DAMAGED =
            EventType.of("ops.watchdog.store_damaged", 10, "problems", "first");
}
