package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** What every tier does with its findings: a report to the operator (always, or only when something is wrong). */
final class Tiers {
    private Tiers() {
    }

    /** Notifies the operator when {@code always} or a finding is above INFO; returns the lines the scheduler records. */
    static List<String> report(String tier, List<Finding> findings, boolean always, Instant scheduledFor,
                               OperatorNotifier notifier, Clock clock) {
        Report report = new Report(tier, clock.instant(), findings);
        boolean alert = findings.stream().anyMatch(f -> f.severity() != Finding.Severity.INFO);
        if (always || alert) {
            int level = report.worst() == Finding.Severity.CRITICAL ? 12 : alert ? 7 : 3;
            notifier.notify(new OperatorNotice("ops." + tier, "ops." + tier + ":" + scheduledFor, level, report.subject(),
                    report.text(), clock.instant()));
        }
        return findings.stream().map(f -> f.severity() + " " + f.check() + " " + f.subject() + ": " + f.message()).toList();
    }
}
