package dev.clawdbot.ops.checks;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** A tier's report: findings ranked by severity, rendered as plain text for the operator notice. */
public record Report(String tier, Instant at, List<Finding> findings) {

    public Report {
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
    }

    public Finding.Severity worst() {
        return findings.isEmpty() ? Finding.Severity.INFO : findings.getFirst().severity();
    }

    public String subject() {
        long problems = findings.stream().filter(f -> f.severity() != Finding.Severity.INFO).count();
        return "Clawdbot " + tier + " maintenance: " + (problems == 0 ? "all clear" : problems + " finding" + (problems == 1 ? "" : "s"));
    }

    public String text() {
        StringBuilder b = new StringBuilder(subject()).append('\n').append("at ").append(at).append("\n\n");
        if (findings.isEmpty()) b.append("Nothing to report.\n");
        for (Finding f : findings) {
            b.append(f.severity()).append("  ").append(f.check());
            if (!f.subject().isEmpty()) b.append(' ').append(f.subject());
            b.append(": ").append(f.message()).append('\n');
            if (!f.fix().isEmpty()) b.append("    fix: ").append(f.fix()).append('\n');
        }
        return b.toString();
    }
}
