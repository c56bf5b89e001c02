package dev.clawdbot.ops.checks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Monthly: the installed package inventory ({@code dpkg-query -W} through the {@link CommandRunner}) compared
 * with the one stored last month: packages added, removed and changed version, as INFO findings (the first run
 * only stores the inventory). Without dpkg-query (not Debian/Ubuntu) the check says so.
 */
public final class PackageDiff {
    static final String NAME = "packages";
    static final String SNAPSHOT = "dpkg-inventory";
    public static final List<String> ARGV = List.of("/usr/bin/dpkg-query", "-W", "-f=${Package}\t${Version}\n");
    private static final int MAX_LISTED = 40;

    private final CommandRunner runner;
    private final SnapshotStore store;
    private final Clock clock;

    public PackageDiff(CommandRunner runner, SnapshotStore store, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.clock = clock;
    }

    /** {@code package -> version}; lines without a tab are skipped. */
    static Map<String, String> parse(String listing) {
        Map<String, String> out = new TreeMap<>();
        for (String line : listing.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab <= 0) continue;
            String version = line.substring(tab + 1).strip();
            if (!version.isEmpty()) out.put(line.substring(0, tab).strip(), version);
        }
        return out;
    }

    static String render(Map<String, String> inventory) {
        StringBuilder b = new StringBuilder();
        inventory.forEach((p, v) -> b.append(p).append('\t').append(v).append('\n'));
        return b.toString();
    }

    public List<Finding> check() {
        if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(ARGV.getFirst()))) {
            return List.of(new Finding(Finding.Severity.INFO, NAME, "", "no dpkg-query: package inventory not taken", ""));
        }
        Tiers.Ran ran = Tiers.run(runner, ARGV, NAME, "dpkg-query -W");
        if (ran.problem() != null) return List.of(ran.problem());
        if (ran.truncated()) {
            // A cut listing would show packages as removed; keep last month's inventory instead.
            return List.of(new Finding(Finding.Severity.WARNING, NAME, "", "dpkg-query output over the runner's 1 MiB cap; inventory not compared",
                    "dpkg-query -W | wc -l"));
        }
        Map<String, String> now = parse(ran.stdout());
        var last = store.get(SNAPSHOT);
        store.put(SNAPSHOT, clock.instant(), render(now));
        if (last.isEmpty()) {
            return List.of(new Finding(Finding.Severity.INFO, NAME, "", now.size() + " packages installed; inventory stored, first diff next month", ""));
        }
        Map<String, String> before = parse(last.get().content());
        List<String> added = new ArrayList<>(), removed = new ArrayList<>(), changed = new ArrayList<>();
        now.forEach((p, v) -> {
            String old = before.get(p);
            if (old == null) added.add(p + " " + v);
            else if (!old.equals(v)) changed.add(p + " " + old + " -> " + v);
        });
        before.forEach((p, v) -> {
            if (!now.containsKey(p)) removed.add(p + " " + v);
        });
        List<Finding> findings = new ArrayList<>();
        String since = "since " + last.get().takenAt();
        if (!added.isEmpty()) findings.add(list("added", added, since));
        if (!removed.isEmpty()) findings.add(list("removed", removed, since));
        if (!changed.isEmpty()) findings.add(list("upgraded or downgraded", changed, since));
        findings.add(new Finding(Finding.Severity.INFO, NAME, "", now.size() + " packages installed: " + added.size() + " added, "
                + removed.size() + " removed, " + changed.size() + " changed " + since, ""));
        return findings;
    }

    private static Finding list(String what, List<String> items, String since) {
        return new Finding(Finding.Severity.INFO, NAME, what, items.size() + " " + since + ": " + String.join(", ", items.stream().limit(MAX_LISTED).toList())
                + (items.size() > MAX_LISTED ? " and " + (items.size() - MAX_LISTED) + " more" : ""),
                "unexpected? zgrep -h ' install \\| remove ' /var/log/dpkg.log*");
    }
}
