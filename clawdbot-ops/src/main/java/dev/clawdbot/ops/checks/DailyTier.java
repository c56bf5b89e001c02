package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.ops.scheduler.Job;

import java.nio.file.FileStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The daily tier (alert-only, as in the seed): runs its checks and tells the operator only when something is
 * wrong. Checks: disk usage per filesystem and its growth since the last run, memory and swap, and the others given
 * (failed systemd units, TLS expiry, container health, Clawdbot's own health). The run's findings are what the
 * scheduler records.
 */
public final class DailyTier implements Job {
    private final DiskCheck disk;
    private final Supplier<Iterable<FileStore>> stores;
    private final MemoryCheck memory;
    private final Supplier<String> meminfo;
    private final List<Supplier<List<Finding>>> others;
    private final DiskGrowth growth;
    private final String host;
    private final OperatorNotifier notifier;
    private final Clock clock;
    private final HostSweep hosts;

    /**
     * @param meminfo the text of {@code /proc/meminfo}
     * @param others  the further checks (failed units, ...), run in this order
     */
    public DailyTier(DiskCheck disk, Supplier<Iterable<FileStore>> stores, MemoryCheck memory, Supplier<String> meminfo,
                     List<Supplier<List<Finding>>> others, String host, OperatorNotifier notifier, Clock clock) {
        this(disk, stores, null, memory, meminfo, others, host, notifier, clock);
    }

    /** @param growth compares the disk check's usage with the last run's; null: not checked */
    public DailyTier(DiskCheck disk, Supplier<Iterable<FileStore>> stores, DiskGrowth growth, MemoryCheck memory, Supplier<String> meminfo,
                     List<Supplier<List<Finding>>> others, String host, OperatorNotifier notifier, Clock clock) {
        this(disk, stores, growth, memory, meminfo, others, HostSweep.NONE, host, notifier, clock);
    }

    /** @param hosts the same checks on each managed host, a section each in the report */
    public DailyTier(DiskCheck disk, Supplier<Iterable<FileStore>> stores, DiskGrowth growth, MemoryCheck memory, Supplier<String> meminfo,
                     List<Supplier<List<Finding>>> others, HostSweep hosts, String host, OperatorNotifier notifier, Clock clock) {
        this.hosts = hosts;
        this.growth = growth;
        this.disk = disk;
        this.stores = stores;
        this.memory = memory;
        this.meminfo = meminfo;
        this.others = List.copyOf(others);
        this.host = host;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public List<String> run(Instant scheduledFor) {
        List<DiskCheck.Usage> usage = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(disk.check(stores.get(), usage));
        if (growth != null) findings.addAll(growth.check(usage));
        findings.addAll(memory.check(meminfo.get()));
        others.forEach(check -> findings.addAll(check.get()));
        return Tiers.report("daily", findings, hosts, false, scheduledFor, host, notifier, clock);
    }
}
