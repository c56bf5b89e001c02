package dev.clawdbot.sandbox;

import dev.clawdbot.core.Diagnostic;

import java.util.List;

/**
 * What {@code doctor} and {@code clawdbot sandbox check} print: the active backend and why, the limit mechanism,
 * and problems (subject {@code sandbox}) with their fixes: an error when tools needing a sandbox are refused or
 * isolation is missing, else a warning.
 */
public record SandboxDiagnostics(String backend, String reason, String limits, List<Diagnostic> problems) {
    public SandboxDiagnostics {
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return problems.stream().noneMatch(Diagnostic::isError);
    }
}
