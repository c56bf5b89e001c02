package dev.clawdbot.ops.checks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily: how much each filesystem grew since the last run, from the usage the disk check read and the usage
 * stored then ({@code ops_snapshots}, name {@code disk-used}). At the growth rate since then, a filesystem that
 * would be full within {@code fullWithinDays} is a WARNING naming the days left; growth of 1 MiB or more is listed
 * as INFO. The first run only stores.
 */
public final class DiskGrowth {
    static final String NAME = "disk-growth";
    static final String SNAPSHOT = "disk-used";
    private static final long MIB = 1 << 20;

    private final SnapshotStore store;
    private final int fullWithinDays;
    private final Clock clock;

    public DiskGrowth(SnapshotStore store, int fullWithinDays, Clock clock) {
        this.store = store;
        this.fullWithinDays = fullWithinDays;
        this.clock = clock;
    }

    public List<Finding> check(List<DiskCheck.Usage> usages) {
        Instant now = clock.instant();
        var last = store.get(SNAPSHOT);
        StringBuilder snapshot = new StringBuilder();
        for (DiskCheck.Usage u : usages) {
            snapshot.append(u.mount().replace('\t', ' ').replace('\n', ' ')).append('\t').append(used(u)).append('\n');
        }
        store.put(SNAPSHOT, now, snapshot.toString());
        if (last.isEmpty()) return List.of();
        Map<String, Long> before = new HashMap<>();
        for (String line : last.get().content().split("\n")) {
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) continue;
            try {
                before.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
            } catch (NumberFormatException e) {
                // a damaged row: that filesystem starts over
            }
        }
        Duration elapsed = Duration.between(last.get().takenAt(), now);
        if (elapsed.toMinutes() < 1) return List.of();
        double days = elapsed.toMillis() / 86_400_000.0;
        List<Finding> findings = new ArrayList<>();
        List<String> grew = new ArrayList<>();
        for (DiskCheck.Usage u : usages) {
            Long was = before.get(u.mount());
            if (was == null) continue;
            long growth = used(u) - was;
            if (growth >= MIB) grew.add(u.mount() + " +" + growth / MIB + " MiB");
            if (growth <= 0) continue;
            double daysLeft = u.availableBytes() / (growth / days);
            if (daysLeft < fullWithinDays) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, u.mount(), String.format(java.util.Locale.ROOT,
                        "grew %d MiB in %.1f days; full in about %.1f days at this rate (%d MiB free)", growth / MIB, days, daysLeft,
                        u.availableBytes() / MIB), "find what grows: du -xh --max-depth=2 " + u.mount() + " | sort -h | tail"));
            }
        }
        if (!grew.isEmpty()) {
            findings.add(new Finding(Finding.Severity.INFO, NAME, "", "since " + last.get().takenAt() + ": " + String.join(", ", grew), ""));
        }
        return findings;
    }

    private static long used(DiskCheck.Usage u) {
        return u.totalBytes() - u.availableBytes();
    }
}
