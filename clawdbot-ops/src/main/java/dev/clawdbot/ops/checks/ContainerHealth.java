package dev.clawdbot.ops.checks;

import dev.clawdbot.ops.engine.Engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily: the health of running containers, from the Engine API. An {@code unhealthy} health check or a container
 * restarting is a WARNING with its last health output; a summary line counts the rest. No engine socket: INFO
 * "no container engine", not a failure.
 */
public final class ContainerHealth {
    static final String NAME = "containers";
    /** Inspecting each running container is one request each; a host with more is summarised. */
    private static final int MAX_INSPECTED = 500;

    private final Engine engine;

    public ContainerHealth(Engine engine) {
        this.engine = engine;
    }

    public List<Finding> check() {
        if (!engine.present()) return List.of(noEngine(engine));
        List<Finding> findings = new ArrayList<>();
        try {
            List<Engine.Container> running = engine.containers(false);
            int healthy = 0, noCheck = 0;
            for (Engine.Container c : running.subList(0, Math.min(MAX_INSPECTED, running.size()))) {
                Engine.Inspect i = engine.inspect(c.id());
                if (i.health().equals("unhealthy")) {
                    findings.add(new Finding(Finding.Severity.WARNING, NAME, c.name(), "unhealthy (" + i.failingStreak()
                            + " failed checks in a row)" + (i.lastHealthOutput().isEmpty() ? "" : ": " + i.lastHealthOutput()),
                            "docker logs --tail 50 " + c.name() + "; docker inspect --format '{{json .State.Health}}' " + c.name()));
                } else if (i.restarting() || c.state().equals("restarting")) {
                    findings.add(new Finding(Finding.Severity.WARNING, NAME, c.name(), "restarting (restarted " + i.restartCount() + " times)",
                            "docker logs --tail 50 " + c.name()));
                } else if (i.health().isEmpty()) {
                    noCheck++;
                } else {
                    healthy++;
                }
            }
            findings.add(new Finding(Finding.Severity.INFO, NAME, "", running.size() + " running: " + healthy + " healthy, "
                    + noCheck + " without a health check", ""));
        } catch (IOException e) {
            findings.add(unreachable(engine, e));
        }
        return findings;
    }

    static Finding noEngine(Engine engine) {
        return new Finding(Finding.Severity.INFO, NAME, "", "no container engine (no socket at " + engine.socket() + ")", "");
    }

    static Finding unreachable(Engine engine, IOException e) {
        return new Finding(Finding.Severity.WARNING, NAME, "", "container engine at " + engine.socket() + " did not answer: " + e.getMessage(),
                "systemctl status docker; ls -l " + engine.socket());
    }
}
