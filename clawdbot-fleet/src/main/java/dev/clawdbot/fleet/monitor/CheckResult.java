package dev.clawdbot.fleet.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * One check's outcome.
 *
 * @param time    when the check started
 * @param up      whether it passed
 * @param latency how long it took (for a failure, until it failed)
 * @param cause   why it failed, one line; for a passing check its warning (a TLS certificate expiring within
 *                {@code warningDays}), null when it passed without one. Stored as is in {@code fleet_monitor_checks.cause},
 *                so {@code monitors list} reads a passing check's warning there without a column of its own.
 */
public record CheckResult(Instant time, boolean up, Duration latency, String cause) {
    /** The warning of a passing check, or null. */
    public String warning() {
        return up ? cause : null;
    }

    static CheckResult up(Instant time, Duration latency) {
        return new CheckResult(time, true, latency, null);
    }

    /** Passed, but something needs attention before it fails (counts as up everywhere: hysteresis, uptime). */
    static CheckResult warn(Instant time, Duration latency, String warning) {
        return new CheckResult(time, true, latency, warning);
    }

    static CheckResult down(Instant time, Duration latency, String cause) {
        return new CheckResult(time, false, latency, cause);
    }
}
