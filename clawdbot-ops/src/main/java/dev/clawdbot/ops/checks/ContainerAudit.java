package dev.clawdbot.ops.checks;

import dev.clawdbot.ops.engine.Engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly: how each container is confined, from {@code /containers/{id}/json}'s HostConfig. A privileged container
 * is a WARNING; a missing memory limit, CPU limit or pids limit, a writable root filesystem and capabilities not
 * dropped ({@code CapDrop} without {@code ALL}) are listed per container as one INFO finding with the flags that
 * would fix them.
 */
public final class ContainerAudit {
    private static final int MAX_INSPECTED = 500;

    private final Engine engine;

    public ContainerAudit(Engine engine) {
        this.engine = engine;
    }

    public List<Finding> check() {
        if (!engine.present()) return List.of(ContainerHealth.noEngine(engine));
        List<Finding> findings = new ArrayList<>();
        try {
            List<Engine.Container> all = engine.containers(true);
            int confined = 0;
            for (Engine.Container c : all.subList(0, Math.min(MAX_INSPECTED, all.size()))) {
                Engine.Inspect i = engine.inspect(c.id());
                List<String> missing = new ArrayList<>();
                List<String> fix = new ArrayList<>();
                if (i.memoryLimit() <= 0) {
                    missing.add("no memory limit");
                    fix.add("--memory");
                }
                if (i.nanoCpus() <= 0 && i.cpuQuota() <= 0) {
                    missing.add("no CPU limit");
                    fix.add("--cpus");
                }
                if (i.pidsLimit() <= 0) {
                    missing.add("no pids limit");
                    fix.add("--pids-limit");
                }
                if (!i.readonlyRootfs()) {
                    missing.add("writable root filesystem");
                    fix.add("--read-only");
                }
                if (i.capDrop().stream().noneMatch(cap -> cap.equalsIgnoreCase("ALL"))) {
                    missing.add("capabilities not dropped");
                    fix.add("--cap-drop ALL");
                }
                if (i.privileged()) {
                    findings.add(new Finding(Finding.Severity.WARNING, ContainerHealth.NAME, c.name(), "runs privileged (all capabilities, all devices)",
                            "recreate without --privileged; add only the capabilities it needs (--cap-add)"));
                }
                if (missing.isEmpty()) {
                    confined++;
                } else {
                    findings.add(new Finding(Finding.Severity.INFO, ContainerHealth.NAME, c.name(), String.join(", ", missing),
                            "recreate with " + String.join(" ", fix) + " (compose: mem_limit, cpus, pids_limit, read_only, cap_drop)"));
                }
            }
            findings.add(new Finding(Finding.Severity.INFO, ContainerHealth.NAME, "", all.size() + " containers audited, " + confined + " fully confined", ""));
        } catch (IOException e) {
            findings.add(ContainerHealth.unreachable(engine, e));
        }
        return findings;
    }
}
