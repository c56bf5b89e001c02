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
}
