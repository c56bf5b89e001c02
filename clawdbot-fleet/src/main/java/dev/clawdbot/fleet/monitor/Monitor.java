package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;

import dev.clawdbot.fleet.FleetEvents;
import java.time.Duration;
import java.time.Instant;

/** One monitor: runs a check, stores it, and turns settled state changes into events, notices and incidents. */
final class Monitor {
    static final int DOWN_LEVEL = 10;
    static final int UP_LEVEL = 5;
    /** A DOWN folded into the "own network appears down" notice: recorded, not pushed (operator.level is 10). */
    static final int FOLDED_LEVEL = 7;
    /** A passing check's warning (certificate expiring): above UP, below DOWN; its notice is pushed (roles' notices are). */
    static final int WARNING_LEVEL = 8;

    private final MonitorSpec spec;
    private final Probe probe;
    private final MonitorStore store;
    private final OperatorNotifier notifier;
    private final EventSink events;
    private final Hysteresis hysteresis;
    private final Maintenance maintenance;
    private final NetworkWatch network;
    private volatile boolean inMaintenance;
    private Instant downSince;
    private String downCause;
    private int reminders;
    /** The current warning (null: none), when it began, and the checks since its notice (for {@code renotifyEvery}). */
    private volatile String warning;
    private Instant warningSince;
    private int warningChecks;

    Monitor(MonitorSpec spec, Probe probe, MonitorStore store, OperatorNotifier notifier, EventSink events) {
        this(spec, probe, store, notifier, events, null);
    }

    Monitor(MonitorSpec spec, Probe probe, MonitorStore store, OperatorNotifier notifier, EventSink events,
            Maintenance maintenance) {
        this(spec, probe, store, notifier, events, maintenance, null);
    }

    Monitor(MonitorSpec spec, Probe probe, MonitorStore store, OperatorNotifier notifier, EventSink events,
            Maintenance maintenance, NetworkWatch network) {
        this.maintenance = maintenance;
        this.network = network;
        this.spec = spec;
        this.probe = probe;
        this.store = store;
        this.notifier = notifier;
        this.events = events;
        this.hysteresis = new Hysteresis(spec);
    }

    /** Runs one check and acts on it; returns the wait before the next. */
    Duration checkOnce() {
        CheckResult r = probe.check();
        // Interrupted: the role is closing, and a check cut short says nothing about the monitored service.
        if (Thread.currentThread().isInterrupted()) return hysteresis.nextDelay();
        MaintenanceWindow window = maintenance == null ? null : maintenance.active(spec.name(), r.time());
        store.record(spec.name(), r, window != null);
        if (window != null) {
            // Not fed to the hysteresis: no transition, no notice; after the window it goes on from the state before.
            if (!inMaintenance) {
                events.emit(Event.of(r.time(), FleetEvents.MONITOR_MAINTENANCE, "monitor", "monitor", spec.name(), "window", window.name()));
            }
            inMaintenance = true;
            return spec.interval();
        }
        inMaintenance = false;
        if (network != null) network.observe(spec.name(), r.up(), r.time());
        switch (hysteresis.record(r.up())) {
            case DOWN -> {
                downSince = r.time();
                downCause = r.cause();
                reminders = 0;
                store.openIncident(spec.name(), r.time(), r.cause());
                boolean folded = network != null && network.foldDown(spec.name(), r.time());
                // Folded into the network-down notice: the event stays, below the level pushed to the operator.
                events.emit(Event.of(r.time(), FleetEvents.MONITOR_DOWN, folded ? FOLDED_LEVEL : DOWN_LEVEL, "monitor",
                        "monitor", spec.name(), "cause", r.cause(), "failures", spec.retries(), "networkDown", folded));
                if (!folded) notifier.notify(new OperatorNotice("fleet.monitor", "monitor:" + spec.name() + ":" + r.time() + ":down", DOWN_LEVEL,
                        "Monitor " + spec.name() + " is DOWN", r.cause(), r.time()));
            }
            // Keys name the incident and the reminder's number: the notifier's de-duplication must not fold them.
            case REMIND -> {
                if (network == null || !network.folded(spec.name())) {
                    notifier.notify(new OperatorNotice("fleet.monitor",
                            "monitor:" + spec.name() + ":" + downSince + ":remind:" + ++reminders,
                            DOWN_LEVEL, "Monitor " + spec.name() + " is still DOWN",
                            "DOWN since " + downSince + " (" + downCause + "); last check: " + r.cause(), r.time()));
                }
            }
            case UP -> {
                Duration downFor = downSince == null ? Duration.ZERO : Duration.between(downSince, r.time());
                store.closeIncident(spec.name(), r.time());
                events.emit(Event.of(r.time(), FleetEvents.MONITOR_UP, UP_LEVEL, "monitor", "monitor", spec.name(),
                        "downFor", downFor.toString(), "latencyMs", r.latency().toMillis()));
                if (network == null || !network.foldUp(spec.name())) {
                    notifier.notify(new OperatorNotice("fleet.monitor", "monitor:" + spec.name() + ":" + downSince + ":up", UP_LEVEL,
                        "Monitor " + spec.name() + " is UP", "DOWN for " + downFor + " (" + downCause + ")", r.time()));
                }
                downSince = null;
                downCause = null;
            }
            case NONE -> { }
        }
        if (r.up()) warn(r);
        return hysteresis.nextDelay();
    }

    /**
     * A passing check's warning: one notice when it begins, reminders as {@code renotifyEvery} gives them for DOWN
     * (every N checks, default never), one notice when a passing check has none again (certificate renewed). A
     * failing check leaves it as it was: DOWN says more, and the warning's end is only known from a passing check.
     */
    private void warn(CheckResult r) {
        String now = r.warning();
        if (now != null && warning == null) {
            warningSince = r.time();
            warningChecks = 0;
            events.emit(Event.of(r.time(), FleetEvents.MONITOR_WARNING, "monitor", "monitor", spec.name(), "warning", now));
            notifier.notify(new OperatorNotice("fleet.monitor", "monitor:" + spec.name() + ":" + warningSince + ":warning", WARNING_LEVEL,
                    "Monitor " + spec.name() + " is UP with a warning", now, r.time()));
        } else if (now != null && spec.renotifyEvery() > 0 && ++warningChecks % spec.renotifyEvery() == 0) {
            notifier.notify(new OperatorNotice("fleet.monitor", "monitor:" + spec.name() + ":" + warningSince + ":warning:" + warningChecks,
                    WARNING_LEVEL, "Monitor " + spec.name() + " still has a warning", "since " + warningSince + ": " + now, r.time()));
        } else if (now == null && warning != null) {
            events.emit(Event.of(r.time(), FleetEvents.MONITOR_WARNING_CLEARED, "monitor", "monitor", spec.name(), "since", warningSince.toString()));
            notifier.notify(new OperatorNotice("fleet.monitor", "monitor:" + spec.name() + ":" + warningSince + ":warning-cleared", UP_LEVEL,
                    "Monitor " + spec.name() + ": warning cleared", "the warning since " + warningSince + " (" + warning + ") no longer applies", r.time()));
            warningSince = null;
        }
        warning = now;
    }

    /** The latest passing check's warning, or null. */
    String warning() {
        return warning;
    }

    MonitorState state() {
        return inMaintenance ? MonitorState.MAINTENANCE : hysteresis.state();
    }

    MonitorSpec spec() {
        return spec;
    }
}
