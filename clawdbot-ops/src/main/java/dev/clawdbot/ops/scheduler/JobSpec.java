package dev.clawdbot.ops.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * One scheduled job as configured: systemd timer semantics.
 *
 * @param name            lower-case identifier ({@code daily}, {@code watchdog})
 * @param schedule        a systemd calendar event ({@code Sun *-*-* 03:00})
 * @param persistent      a run missed while Clawdbot was down fires once at start (systemd's Persistent=)
 * @param randomizedDelay each run is delayed by a random amount below this (RandomizedDelaySec=)
 * @param timeout         a run still going after this is interrupted and recorded as timed out
 */
public record JobSpec(String name, String schedule, boolean persistent, Duration randomizedDelay, Duration timeout) {

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        if (!name.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("job name '" + name + "': use 1-40 of a-z, 0-9 and '-', starting with a letter");
        }
        randomizedDelay = randomizedDelay == null ? Duration.ZERO : randomizedDelay;
        timeout = timeout == null ? Duration.ofHours(1) : timeout;
        if (randomizedDelay.isNegative()) throw new IllegalArgumentException("job " + name + ": randomizedDelay must not be negative");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("job " + name + ": timeout must be positive");
    }
}
