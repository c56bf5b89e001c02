package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** What every tier does with its findings: a report to the operator (always, or only when something is wrong). */
final class Tiers {
    private Tiers() {
    }

    /**
     * Notifies the operator when {@code always} or a finding is above INFO (the full report as text and HTML, and
     * its summary for chat channels); returns the lines the scheduler records. {@code host} is this node's name.
     */
    static List<String> report(String tier, List<Finding> findings, boolean always, Instant scheduledFor, String host,
                               OperatorNotifier notifier, Clock clock) {
        return report(tier, findings, HostSweep.NONE, always, scheduledFor, host, notifier, clock);
    }

    /** As above, with a section per managed host from {@code hosts}; its findings are recorded as {@code host NAME ...}. */
    static List<String> report(String tier, List<Finding> local, HostSweep hosts, boolean always, Instant scheduledFor,
                               String host, OperatorNotifier notifier, Clock clock) {
        List<HostSection> sections = hosts.run(tier);
        Report report = new Report(tier, clock.instant(), local, sections);
        List<Finding> findings = new java.util.ArrayList<>(local);
        sections.forEach(h -> h.findings().forEach(f -> findings.add(new Finding(f.severity(), "host " + h.host() + " " + f.check(),
                f.subject(), f.message(), f.fix()))));
        boolean alert = findings.stream().anyMatch(f -> f.severity() != Finding.Severity.INFO);
        if (always || alert) {
            int level = report.worst() == Finding.Severity.CRITICAL ? 12 : alert ? 7 : 3;
            notifier.notify(new OperatorNotice("ops." + tier, "ops." + tier + ":" + scheduledFor, level, report.subject(),
                    report.text(), clock.instant(), report.html(), report.summary(host, scheduledFor)));
        }
        return findings.stream().map(f -> f.severity() + " " + f.check() + " " + f.subject() + ": " + f.message()).toList();
    }

    /** A host command's output, or the finding that says why there is none. */
    record Ran(String stdout, Finding problem, boolean truncated) {
        Ran(String stdout, Finding problem) {
            this(stdout, problem, false);
        }
    }

    /** Runs {@code argv}; an exit code other than 0 is a WARNING quoting the first error line as {@code label exited N}. */
    static Ran run(CommandRunner runner, List<String> argv, String check, String label) {
        CommandRunner.Result r;
        try {
            r = runner.run(argv);
        } catch (IOException e) {
            return new Ran("", new Finding(Finding.Severity.INFO, check, "", "cannot run " + label + ": " + e.getMessage(), ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ran("", new Finding(Finding.Severity.INFO, check, "", "interrupted", ""));
        }
        if (r.exitCode() != 0) {
            return new Ran("", new Finding(Finding.Severity.WARNING, check, "", label + " exited " + r.exitCode() + ": "
                    + r.stderr().strip().lines().findFirst().orElse(""), "run " + label + " by hand"));
        }
        return new Ran(r.stdout(), null, r.truncated());
    }

    /** The first {@code max} bytes of a file as UTF-8 ({@code /etc/passwd}, {@code /proc/net/tcp}): never an unbounded read. */
    static String readBounded(java.nio.file.Path file, int max) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return new String(in.readNBytes(max), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
