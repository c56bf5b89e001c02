package dev.clawdbot.fleet.ssh;

import java.time.Duration;

/**
 * What one remote command did.
 *
 * @param exitCode  the exit status, or null when there was none (timed out, killed by a signal)
 * @param stdout    standard output up to the cap, decoded as UTF-8
 * @param stderr    standard error up to the cap
 * @param truncated whether either stream went past its cap (the rest was read and dropped)
 * @param timedOut  whether the command ran past its timeout and was sent SIGKILL
 * @param took      how long it ran
 */
public record RemoteResult(Integer exitCode, String stdout, String stderr, boolean truncated, boolean timedOut, Duration took) {
    /** Exit status 0. */
    public boolean ok() {
        return exitCode != null && exitCode == 0;
    }
}
