package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.ops.scheduler.Job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The weekly tier (always reports, as in the seed): pending apt updates (security ones marked), container
 * housekeeping and image age, orphaned sandboxes, stale spool files, log rotation — each check a supplier of
 * findings, run in order.
 */
public final class WeeklyTier implements Job {
    private final List<Supplier<List<Finding>>> checks;
    private final String host;
    private final OperatorNotifier notifier;
    private final Clock clock;
    private final HostSweep hosts;

    public WeeklyTier(List<Supplier<List<Finding>>> checks, String host, OperatorNotifier notifier, Clock clock) {
        this(checks, HostSweep.NONE, host, notifier, clock);
    }

    /** @param hosts the weekly checks on each managed host, a section each in the report */
    public WeeklyTier(List<Supplier<List<Finding>>> checks, HostSweep hosts, String host, OperatorNotifier notifier, Clock clock) {
        this.hosts = hosts;
        this.checks = List.copyOf(checks);
        this.host = host;
        this.notifier = notifier;
        this.clock = clock;
    }

    public WeeklyTier(AptUpdates apt, String host, OperatorNotifier notifier, Clock clock) {
        this(List.of(apt::check), host, notifier, clock);
    }

    @Override
    public List<String> run(Instant scheduledFor) {
        List<Finding> findings = new ArrayList<>();
        checks.forEach(check -> findings.addAll(check.get()));
        return Tiers.report("weekly", findings, hosts, true, scheduledFor, host, notifier, clock);
    }
}
