package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.fleet.FleetEvents;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * No notification storm when the operator's own network is down. When an external monitor settles DOWN while the
 * latest check of every external monitor failed (and there are at least {@link #MIN_MONITORS}), one "own network
 * appears down" notice goes out and that monitor's DOWN — and every later one until the network is back — is
 * folded into it. The network is back when more than half of the external monitors' latest checks pass: one
 * notice says so and names those still failing, whose own UP notices are then sent as usual; the folded monitors
 * that came back with the network send nothing. External: a network target that is not loopback.
 */
final class NetworkWatch {
    /** Fewer external monitors than this cannot tell the network from the services. */
    static final int MIN_MONITORS = 3;

    private final java.util.function.Predicate<MonitorSpec> isExternal;
    private Set<String> external;
    private final OperatorNotifier notifier;
    private final EventSink events;
    private final Map<String, Boolean> lastUp = new HashMap<>();
    private final Set<String> folded = new TreeSet<>();
    private Instant downSince;

    NetworkWatch(List<MonitorSpec> specs, OperatorNotifier notifier, EventSink events) {
        this(specs, NetworkWatch::external, notifier, events);
    }

    /** {@code isExternal}: which monitors count; tests, whose servers are all on loopback, choose. */
    NetworkWatch(List<MonitorSpec> specs, java.util.function.Predicate<MonitorSpec> isExternal, OperatorNotifier notifier,
                 EventSink events) {
        this.isExternal = isExternal;
        this.external = Set.copyOf(specs.stream().filter(isExternal).map(MonitorSpec::name).toList());
        this.notifier = notifier;
        this.events = events;
    }

    static boolean external(MonitorSpec s) {
        String host = switch (s.type()) {
            case HTTP, MODEL_SERVER -> s.url().getHost();
            case DNS -> s.dnsServer() == null ? "dns" : s.dnsServer();
            case TCP, TLS, PING, POSTGRES, SMTP, IMAP, SSH, CONTAINER -> s.host();
            case PUSH, SYSTEMD -> null;
        };
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return !(h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]"));
    }

    /**
     * The running monitors changed (added, replaced, paused, removed): the external set becomes theirs. A removed
     * monitor's last check no longer counts, so a deleted failing monitor cannot keep the network "down"; a new one
     * counts from its first check (until then the network is not judged down).
     */
    synchronized void track(java.util.Collection<MonitorSpec> running) {
        external = Set.copyOf(running.stream().filter(isExternal).map(MonitorSpec::name).toList());
        lastUp.keySet().retainAll(external);
        folded.retainAll(external);
    }

    /** A monitor restarts with a new spec: its old checks and folded DOWN say nothing about the new one. */
    synchronized void forget(String monitor) {
        lastUp.remove(monitor);
        folded.remove(monitor);
    }

    /** Every check of every monitor; may announce that the network is back. */
    synchronized void observe(String monitor, boolean up, Instant t) {
        if (!external.contains(monitor)) return;
        lastUp.put(monitor, up);
        if (downSince == null || !up) return;
        long passing = lastUp.values().stream().filter(b -> b).count();
        if (passing * 2 <= external.size()) return;
        Set<String> stillFailing = new TreeSet<>();
        for (String m : folded) if (!lastUp.getOrDefault(m, false)) stillFailing.add(m);
        folded.removeAll(stillFailing); // their UP is news now: the operator is told they are still failing
        events.emit(Event.of(t, FleetEvents.MONITOR_NETWORK_UP, "monitor", "since", downSince.toString(),
                "stillFailing", List.copyOf(stillFailing)));
        notifier.notify(new OperatorNotice("fleet.monitor", "monitor:network:" + downSince + ":up", Monitor.UP_LEVEL,
                "The network is back", "External monitors pass again (down since " + downSince + ")."
                + (stillFailing.isEmpty() ? "" : " Still failing: " + String.join(", ", stillFailing) + "."), t));
        downSince = null;
    }

    /** A monitor settled DOWN: true when its notice is folded into the "own network appears down" one. */
    synchronized boolean foldDown(String monitor, Instant t) {
        if (!external.contains(monitor)) return false;
        if (downSince == null) {
            if (external.size() < MIN_MONITORS || lastUp.size() < external.size() || lastUp.containsValue(true)) return false;
            downSince = t;
            events.emit(Event.of(t, FleetEvents.MONITOR_NETWORK_DOWN, "monitor", "monitors", external.size()));
            notifier.notify(new OperatorNotice("fleet.monitor", "monitor:network:" + t + ":down", Monitor.DOWN_LEVEL,
                    "Own network appears down", "All " + external.size() + " external monitors fail at once: "
                    + String.join(", ", new TreeSet<>(external)) + ". Their DOWN notices are held back until the network is back.", t));
        }
        folded.add(monitor);
        return true;
    }

    /** Whether the monitor's DOWN was folded and not yet reported otherwise (then its reminders and UP are not sent). */
    synchronized boolean folded(String monitor) {
        return folded.contains(monitor);
    }

    /** The monitor is UP again: true when its UP notice is folded too. */
    synchronized boolean foldUp(String monitor) {
        return folded.remove(monitor);
    }
}
