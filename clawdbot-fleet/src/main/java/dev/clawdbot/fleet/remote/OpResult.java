package dev.clawdbot.fleet.remote;

import java.time.Duration;

/**
 * One operation's outcome on one host.
 *
 * @param host        the inventory name
 * @param op          what ran
 * @param status      the verdict
 * @param summary     one line for tables and notices
 * @param observation the parsed output, or null when there was none (unreachable, command failed)
 * @param took        how long it took
 */
public record OpResult(String host, ReadOnlyOp op, Status status, String summary, Observation observation, Duration took) {
    /** Verdicts, from fine to failed. */
    public enum Status {
        /** Ran and nothing is over a threshold. */
        OK,
        /** Ran, and something needs a look (disk ≥ 90 %, a failed unit, an unhealthy container, ...). */
        WARN,
        /** The program is not installed on the host (exit 127): not applicable there. */
        NOT_AVAILABLE,
        /** The command failed or timed out, or its output could not be read; a finding, not a crash. */
        FAIL,
        /** No connection: the host is down, its key was refused, or the login failed; nothing ran. */
        UNREACHABLE
    }
}
