package dev.clawdbot.ops.checks;

import dev.clawdbot.ops.scheduler.RunLog;
import dev.clawdbot.ops.scheduler.RunRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily: what the session watchdog repaired in the last 24 hours, from its recorded runs: each run that did
 * something is one WARNING listing its actions (backups, cuts, quarantines of records and stored turns, restarts), so repairs appear in the daily
 * report as well as in their own notices.
 */
public final class WatchdogRepairs {
    static final String NAME = "watchdog";
    /** Watchdog runs looked at: 24 h of 5-minute rounds is 288. */
    private static final int MAX_RUNS = 400;
    private static final int MAX_LISTED = 20;

    private final RunLog runs;
    private final Clock clock;

    public WatchdogRepairs(RunLog runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    public List<Finding> check() {
        Instant since = clock.instant().minus(Duration.ofDays(1));
        List<Finding> findings = new ArrayList<>();
        for (RunRecord r : runs.recent(NAME, MAX_RUNS)) {
            if (r.started().isBefore(since) || findings.size() >= MAX_LISTED) break;
            List<String> actions = r.findings().stream().filter(f -> !f.startsWith("WARNING db:")).toList();
            if (actions.isEmpty()) continue;
            findings.add(new Finding(Finding.Severity.WARNING, NAME, r.started().toString(), String.join("; ", actions),
                    "the backups are next to each file (NAME.jsonl.bak-*), stored turns in `clawdbot sessions quarantined`; clawdbot ops runs watchdog"));
        }
        return findings;
    }
}
