package dev.clawdbot.fleet;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The fleet module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), FleetEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class FleetEvents implements EventCatalogue {

    /** 7 when folded into {@code monitor.network_down} (no notice of its own). */
    public static final EventType MONITOR_DOWN = EventType.of("monitor.down", 10, "monitor", "cause", "failures", "networkDown").orLevels(7);
    public static final EventType MONITOR_UP = EventType.of("monitor.up", 5, "monitor", "downFor", "latencyMs");
    public static final EventType MONITOR_WARNING = EventType.of("monitor.warning", 8, "monitor", "warning");
    public static final EventType MONITOR_WARNING_CLEARED = EventType.of("monitor.warning_cleared", 5, "monitor", "since");
    public static final EventType MONITOR_MAINTENANCE = EventType.of("monitor.maintenance", 3, "monitor", "window");
    public static final EventType MONITOR_NETWORK_DOWN = EventType.of("monitor.network_down", 10, "monitors");
    public static final EventType MONITOR_NETWORK_UP = EventType.of("monitor.network_up", 5, "since", "stillFailing");
    /** 12 for a changed key (or one that differs from a pin at {@code hosts pin}); 10 for a host with no pin or a wrong --fingerprint. */
    public static final EventType FLEET_SSH_HOSTKEY_REFUSED =
            EventType.of("fleet.ssh.hostkey.refused", 12, "host", "address", "port", "offered", "reason").orLevels(10);
    public static final EventType FLEET_SSH_HOSTKEY_PINNED =
            EventType.of("fleet.ssh.hostkey.pinned", 5, "host", "address", "port", "fingerprint");
}
