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
 * The monthly tier (always reports, as in the seed): database maintenance, uptime and load summary. The report
 * goes to the operator whatever it holds; the run's findings are what the scheduler records.
 */
public final class MonthlyTier implements Job {
    private final Database db;
    private final DatabaseMaintenance maintenance;
    private final UptimeLoad uptime;
    private final Supplier<String> procUptime;
    private final Supplier<String> procLoadavg;
    private final OperatorNotifier notifier;
    private final Clock clock;

    public MonthlyTier(Database db, DatabaseMaintenance maintenance, UptimeLoad uptime, Supplier<String> procUptime,
                       Supplier<String> procLoadavg, OperatorNotifier notifier, Clock clock) {
        this.db = db;
        this.maintenance = maintenance;
        this.uptime = uptime;
        this.procUptime = procUptime;
        this.procLoadavg = procLoadavg;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public List<String> run(Instant scheduledFor) {
        List<Finding> findings = new ArrayList<>(maintenance.run(db));
        findings.addAll(uptime.check(procUptime.get(), procLoadavg.get()));
        return Tiers.report("monthly", findings, true, scheduledFor, notifier, clock);
    }
}
