package dev.clawdbot.ops.checks;

import java.util.Comparator;
import java.util.List;

/** One managed host's part of a tier report: its findings, ranked by severity. */
public record HostSection(String host, List<Finding> findings) {
    public HostSection {
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
    }
}
