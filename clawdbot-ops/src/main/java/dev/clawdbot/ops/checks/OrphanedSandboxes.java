package dev.clawdbot.ops.checks;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Weekly: removes Clawdbot's own orphaned sandboxes and cgroups (those whose gateway process is gone) through the
 * sandbox module's collector, the one {@code clawdbot sandbox gc} runs; the app wiring supplies it. These are
 * Clawdbot's own resources, so they are cleaned, not only reported.
 */
public final class OrphanedSandboxes {
    static final String NAME = "sandbox";

    private final Callable<Integer> gc;

    /** @param gc removes orphans and returns how many; null when the app has no sandbox (then nothing is checked) */
    public OrphanedSandboxes(Callable<Integer> gc) {
        this.gc = gc;
    }

    public List<Finding> check() {
        if (gc == null) return List.of(new Finding(Finding.Severity.INFO, NAME, "", "no sandbox configured; orphans not checked", ""));
        try {
            int n = gc.call();
            return List.of(new Finding(Finding.Severity.INFO, NAME, "orphans",
                    n == 0 ? "no orphaned sandboxes or cgroups" : "removed " + n + " orphaned sandbox resource(s) (sandboxes, cgroups, pid files)", ""));
        } catch (Exception e) {
            return List.of(new Finding(Finding.Severity.WARNING, NAME, "orphans", "orphan collection failed: " + e.getMessage(),
                    "clawdbot sandbox gc; clawdbot sandbox check"));
        }
    }
}
