package dev.clawdbot.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One command to run in the sandbox: an argv (no shell unless argv names one), optional stdin, a wall-clock
 * limit (null: the policy's default; capped at the policy's maximum) and the host directory mounted at
 * {@code /workspace}.
 */
public record ExecRequest(List<String> argv, byte[] stdin, Duration timeout, Path workspace) {
    public ExecRequest {
        Objects.requireNonNull(argv, "argv");
        argv = List.copyOf(argv);
        if (argv.isEmpty()) throw new IllegalArgumentException("argv must not be empty");
        for (String a : argv)
            if (a.indexOf('\0') >= 0) throw new IllegalArgumentException("argv elements must not contain NUL");
        stdin = stdin == null ? new byte[0] : stdin.clone();
        if (timeout != null && (timeout.isNegative() || timeout.isZero()))
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        Objects.requireNonNull(workspace, "workspace");
    }

    public static ExecRequest of(Path workspace, String... argv) {
        return new ExecRequest(List.of(argv), null, null, workspace);
    }

    public static ExecRequest shell(Path workspace, Duration timeout, String script) {
        return new ExecRequest(List.of("/bin/sh", "-c", script), null, timeout, workspace);
    }

    public ExecRequest withStdin(String text) {
        return new ExecRequest(argv, text.getBytes(StandardCharsets.UTF_8), timeout, workspace);
    }
}
