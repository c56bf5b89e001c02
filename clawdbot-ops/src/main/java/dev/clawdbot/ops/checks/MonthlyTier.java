package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.scheduler.Job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The monthly tier (always reports, as in the seed): database maintenance, uptime and load summary, and the further
 * checks given. The report
 * goes to the operator whatever it holds; the run's findings are what the scheduler records.
 */
public final class MonthlyTier implements Job {
    private final Database db;
    private final DatabaseMaintenance maintenance;
    private final UptimeLoad uptime;
    private final Supplier<String> procUptime;
    private final Supplier<String> procLoadavg;
    private final List<Supplier<List<Finding>>> others;
    private final String host;
    private final OperatorNotifier notifier;
    private final Clock clock;
    private final HostSweep hosts;

    public MonthlyTier(Database db, DatabaseMaintenance maintenance, UptimeLoad uptime, Supplier<String> procUptime,
                       Supplier<String> procLoadavg, String host, OperatorNotifier notifier, Clock clock) {
        this(db, maintenance, uptime, procUptime, procLoadavg, List.of(), host, notifier, clock);
    }

    /** @param others the further checks (container audit, disk breakdown, security posture, package diff), in order */
    public MonthlyTier(Database db, DatabaseMaintenance maintenance, UptimeLoad uptime, Supplier<String> procUptime,
                       Supplier<String> procLoadavg, List<Supplier<List<Finding>>> others, String host, OperatorNotifier notifier, Clock clock) {
        this(db, maintenance, uptime, procUptime, procLoadavg, others, HostSweep.NONE, host, notifier, clock);
    }

    /** @param hosts the monthly checks on each managed host, a section each in the report */
    public MonthlyTier(Database db, DatabaseMaintenance maintenance, UptimeLoad uptime, Supplier<String> procUptime,
                       Supplier<String> procLoadavg, List<Supplier<List<Finding>>> others, HostSweep hosts, String host,
                       OperatorNotifier notifier, Clock clock) {
        this.hosts = hosts;
        this.others = List.copyOf(others);
        this.db = db;
        this.maintenance = maintenance;
        this.uptime = uptime;
        this.procUptime = procUptime;
        this.procLoadavg = procLoadavg;
        this.host = host;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public List<String> run(Instant scheduledFor) {
        List<Finding> findings = new ArrayList<>(maintenance.run(db));
        findings.addAll(uptime.check(procUptime.get(), procLoadavg.get()));
        others.forEach(check -> findings.addAll(check.get()));
        return Tiers.report("monthly", findings, hosts, true, scheduledFor, host, notifier, clock);
    }
}
