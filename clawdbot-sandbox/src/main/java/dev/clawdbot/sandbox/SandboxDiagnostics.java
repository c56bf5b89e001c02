package dev.clawdbot.sandbox;

import java.util.List;

/**
 * What {@code doctor} and {@code clawdbot sandbox check} print: the active backend and why, the limit mechanism,
 * and problems with their fixes. {@code severity} is {@code error} (tools needing a sandbox are refused or isolation
 * is missing) or {@code warning}.
 */
public record SandboxDiagnostics(String backend, String reason, String limits, List<Problem> problems) {
    public SandboxDiagnostics {
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return problems.stream().noneMatch(p -> p.severity().equals("error"));
    }

    public record Problem(String severity, String message, String fix) {
    }
}
