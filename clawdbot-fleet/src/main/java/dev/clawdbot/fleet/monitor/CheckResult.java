package dev.clawdbot.fleet.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * One check's outcome.
 *
 * @param time    when the check started
 * @param up      whether it passed
 * @param latency how long it took (for a failure, until it failed)
 * @param cause   why it failed, one line; null when up
 */
public record CheckResult(Instant time, boolean up, Duration latency, String cause) {
    static CheckResult up(Instant time, Duration latency) {
        return new CheckResult(time, true, latency, null);
    }

    static CheckResult down(Instant time, Duration latency, String cause) {
        return new CheckResult(time, false, latency, cause);
    }
}
