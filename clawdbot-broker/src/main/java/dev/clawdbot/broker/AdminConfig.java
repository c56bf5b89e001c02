package dev.clawdbot.broker;

import java.time.Duration;
import java.util.List;

/**
 * The admin agent runner (YAML key {@code broker.admin}). {@code agentId}: the agent id the model router
 * routes for ({@code admin}). {@code allowedPrograms}: absolute paths or bare names of host programs the
 * {@code run_program} tool may start outside an approved action. {@code maxSteps} (20) and {@code timeBudget}
 * (10 m) bound one run. {@code readRoots}: directories the {@code read_file} tool may read ({@code /etc},
 * {@code /var/log}). {@code externalCommand}: when set (e.g. {@code [claude, -p]}), this argv is run with the
 * prompt on stdin instead of the built-in loop.
 */
public record AdminConfig(String agentId, List<String> allowedPrograms, Integer maxSteps, Duration timeBudget,
                          List<String> readRoots, List<String> externalCommand) {

    public AdminConfig {
        agentId = agentId == null ? "admin" : agentId;
        allowedPrograms = allowedPrograms == null ? List.of("systemctl", "journalctl", "df", "uptime", "docker") : List.copyOf(allowedPrograms);
        maxSteps = maxSteps == null ? 20 : maxSteps;
        if (maxSteps < 1 || maxSteps > 500) throw new IllegalArgumentException("broker.admin.maxSteps must be 1..500, was " + maxSteps);
        timeBudget = timeBudget == null ? Duration.ofMinutes(10) : timeBudget;
        if (timeBudget.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("broker.admin.timeBudget must be at least 1s, was " + timeBudget);
        readRoots = readRoots == null ? List.of("/etc", "/var/log") : List.copyOf(readRoots);
        externalCommand = externalCommand == null || externalCommand.isEmpty() ? null : List.copyOf(externalCommand);
    }

    public static AdminConfig defaults() {
        return new AdminConfig(null, null, null, null, null, null);
    }
}
