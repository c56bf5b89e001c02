package dev.clawdbot.agent.doctor;

import java.util.List;

/** What the doctor found, what it changed (with {@code --fix}) and which files it left alone and why. */
public record Report(List<TranscriptDefect> findings, List<String> actions, List<String> skipped) {
    public Report {
        findings = List.copyOf(findings);
        actions = List.copyOf(actions);
        skipped = List.copyOf(skipped);
    }

    public boolean clean() {
        return findings.isEmpty();
    }

    Report plus(Report o) {
        return new Report(concat(findings, o.findings), concat(actions, o.actions), concat(skipped, o.skipped));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
