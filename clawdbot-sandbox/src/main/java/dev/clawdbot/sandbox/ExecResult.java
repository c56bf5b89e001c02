package dev.clawdbot.sandbox;

import java.time.Duration;

/**
 * How a sandboxed command ended. {@code exitCode} is the command's status, or 128+signal when a signal ended it
 * (137 for SIGKILL: the memory limit or our kill). {@code timedOut}: the wall-clock limit ran out and the whole tree
 * was killed. {@code killed}: the tree was killed by us (timeout or {@link Sandbox} shutdown). Output is capped per
 * stream; a truncated stream ends with {@link #TRUNCATED_MARKER}.
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean stdoutTruncated, boolean stderrTruncated,
                         boolean timedOut, boolean killed, Duration duration, String backend) {

    public static final String TRUNCATED_MARKER = "\n[output truncated]";

    public boolean ok() {
        return exitCode == 0 && !timedOut && !killed;
    }

    /** The text a tool shows the model: exit status, then each non-empty stream. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("exit code: ").append(exitCode);
        if (timedOut) sb.append(" (timed out after ").append(duration.toMillis()).append(" ms; the whole process tree was killed)");
        else if (exitCode > 128) sb.append(" (killed by signal ").append(exitCode - 128).append(')');
        sb.append('\n');
        if (!stdout.isEmpty()) sb.append("--- stdout ---\n").append(stdout).append(stdout.endsWith("\n") ? "" : "\n");
        if (!stderr.isEmpty()) sb.append("--- stderr ---\n").append(stderr).append(stderr.endsWith("\n") ? "" : "\n");
        return sb.toString();
    }
}
