package dev.clawdbot.fleet.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.ssh.RemoteResult;
import dev.clawdbot.fleet.ssh.SshException;
import dev.clawdbot.fleet.ssh.SshPool;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * SSH (an argv on a managed host: exit code, optional keyword in stdout) and CONTAINER ({@code docker inspect} of a
 * container there) over the fleet's pooled SSH connections. A refused host key, an unreachable host or a failed
 * session is a failing check with its cause, never an exception.
 */
record SshProbe(MonitorSpec spec, Inventory inventory, SshPool pool, Clock clock) implements Probe {
    /** stdout searched for the keyword and parsed as State JSON; a container's State is ~1 KiB with 5 health log entries. */
    static final int OUTPUT_LIMIT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        if (inventory == null || pool == null) return CheckResult.down(at, Duration.ZERO, "no managed hosts here: " + spec.type() + " monitors need hosts:");
        boolean container = spec.type() == MonitorType.CONTAINER;
        List<String> argv = container ? List.of("docker", "inspect", "--format", "{{json .State}}", spec.container()) : spec.command();
        RemoteResult r;
        try {
            r = pool.run(inventory.endpoint(spec.host()), argv, spec.timeout(), OUTPUT_LIMIT);
        } catch (IllegalArgumentException e) {
            return CheckResult.down(at, took(start), e.getMessage());
        } catch (SshException e) {
            return CheckResult.down(at, took(start), "host " + spec.host() + " unreachable: " + e.getMessage());
        } catch (IOException e) {
            return CheckResult.down(at, took(start), "the SSH session to " + spec.host() + " failed: " + e.getMessage());
        }
        Duration took = r.took();
        if (r.timedOut()) return CheckResult.down(at, took, argv.getFirst() + " timed out after " + spec.timeout().toMillis() + " ms on " + spec.host());
        String why = container ? containerProblem(r) : commandProblem(r);
        return why == null ? CheckResult.up(at, took) : CheckResult.down(at, took, why);
    }

    private String commandProblem(RemoteResult r) {
        if (r.exitCode() == null || !spec.expectedExit().contains(r.exitCode())) {
            String err = firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
            return spec.command().getFirst() + " exited " + (r.exitCode() == null ? "without a status" : r.exitCode())
                    + ", expected " + spec.expectedExit() + (err.isEmpty() ? "" : ": " + err);
        }
        if (spec.keyword() == null) return null;
        boolean found = r.stdout().contains(spec.keyword());
        if (found == spec.keywordAbsent()) {
            return found ? "keyword \"" + Text.clip(spec.keyword(), 60) + "\" found in the output" : "keyword \"" + Text.clip(spec.keyword(), 60) + "\" not found in the output";
        }
        return null;
    }

    /** Null when running and (if it has a healthcheck) healthy; else the state. */
    private String containerProblem(RemoteResult r) {
        String name = "container " + spec.container();
        if (!r.ok()) {
            String err = firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
            return r.exitCode() != null && r.exitCode() == 127 ? "docker is not installed on " + spec.host()
                    : name + ": docker inspect exited " + r.exitCode() + (err.isEmpty() ? "" : ": " + err);
        }
        if (r.truncated()) return name + ": docker inspect printed more than " + OUTPUT_LIMIT + " bytes";
        JsonNode state;
        try {
            state = JSON.readTree(r.stdout());
        } catch (IOException e) {
            return name + ": unreadable docker inspect output";
        }
        if (state == null || !state.isObject()) return name + ": unreadable docker inspect output";
        return containerProblem(name, state);
    }

    static String containerProblem(String name, JsonNode state) {
        String status = state.path("Status").asText("unknown");
        if (state.path("Restarting").asBoolean(false)) return name + " is restarting (exit " + state.path("ExitCode").asInt() + ")";
        if (!state.path("Running").asBoolean(false)) {
            String err = state.path("Error").asText("");
            return name + " is " + status + ("exited".equals(status) ? " " + state.path("ExitCode").asInt() : "")
                    + (err.isEmpty() ? "" : ": " + Text.clip(err, 120));
        }
        if (state.path("Paused").asBoolean(false)) return name + " is paused";
        JsonNode health = state.path("Health");
        if (health.isMissingNode() || health.isNull()) return null;
        String h = health.path("Status").asText("");
        if ("healthy".equals(h)) return null;
        JsonNode log = health.path("Log");
        String last = log.isArray() && !log.isEmpty() ? firstLine(log.get(log.size() - 1).path("Output").asText("")) : "";
        return name + " is " + (h.isEmpty() ? "of unknown health" : h) + (last.isEmpty() ? "" : ": " + last);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return Text.clip(nl < 0 ? t : t.substring(0, nl), 160);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
