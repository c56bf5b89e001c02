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

    private final MonitorSpec spec;
    private final Probe probe;
    private final MonitorStore store;
    private final OperatorNotifier notifier;
    private final EventSink events;
    private final Hysteresis hysteresis;
    private Instant downSince;
    private String downCause;
    private int reminders;

    Monitor(MonitorSpec spec, Probe probe, MonitorStore store, OperatorNotifier notifier, EventSink events) {
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
        store.record(spec.name(), r);
        switch (hysteresis.record(r.up())) {
            case DOWN -> {
                downSince = r.time();
                downCause = r.cause();
                reminders = 0;
                store.openIncident(spec.name(), r.time(), r.cause());
                events.emit(Event.of(r.time(), FleetEvents.MONITOR_DOWN, DOWN_LEVEL, "monitor", "monitor", spec.name(),
                        "cause", r.cause(), "failures", spec.retries()));
                notifier.notify(new OperatorNotice("fleet.monitor", "monitor:" + spec.name() + ":" + r.time() + ":down", DOWN_LEVEL,
                        "Monitor " + spec.name() + " is DOWN", r.cause(), r.time()));
            }
            // Keys name the incident and the reminder's number: the notifier's de-duplication must not fold them.
            case REMIND -> notifier.notify(new OperatorNotice("fleet.monitor",
                    "monitor:" + spec.name() + ":" + downSince + ":remind:" + ++reminders,
                    DOWN_LEVEL, "Monitor " + spec.name() + " is still DOWN",
                    "DOWN since " + downSince + " (" + downCause + "); last check: " + r.cause(), r.time()));
            case UP -> {
                Duration downFor = downSince == null ? Duration.ZERO : Duration.between(downSince, r.time());
                store.closeIncident(spec.name(), r.time());
                events.emit(Event.of(r.time(), FleetEvents.MONITOR_UP, UP_LEVEL, "monitor", "monitor", spec.name(),
                        "downFor", downFor.toString(), "latencyMs", r.latency().toMillis()));
                notifier.notify(new OperatorNotice("fleet.monitor", "monitor:" + spec.name() + ":" + downSince + ":up", UP_LEVEL,
                        "Monitor " + spec.name() + " is UP", "DOWN for " + downFor + " (" + downCause + ")", r.time()));
                downSince = null;
                downCause = null;
            }
            case NONE -> { }
        }
        return hysteresis.nextDelay();
    }

    MonitorState state() {
        return hysteresis.state();
    }

    MonitorSpec spec() {
        return spec;
    }
}
