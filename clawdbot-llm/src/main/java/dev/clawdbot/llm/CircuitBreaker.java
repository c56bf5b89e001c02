package dev.clawdbot.llm;

import java.time.Duration;
import java.time.Instant;

/**
 * One provider's circuit breaker. Closed: calls pass. After {@code threshold} consecutive transient
 * failures it opens: calls are skipped at once, no waiting. After {@code openDuration} one probe call
 * is let through (half-open); its success closes the breaker, its failure opens it again.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    /** What changed, for events and logs. */
    enum Transition { NONE, OPENED, HALF_OPENED, CLOSED }

    private final int threshold;
    private final Duration openDuration;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;
    private ModelException.Kind lastErrorKind;
    private Instant lastErrorAt;

    CircuitBreaker(int threshold, Duration openDuration) {
        this.threshold = threshold;
        this.openDuration = openDuration;
    }

    /** Whether a call may go now; moves OPEN to HALF_OPEN (one probe) once the cool-down has passed. */
    synchronized boolean tryAcquire(Instant now) {
        switch (state) {
            case CLOSED -> {
                return true;
            }
            case OPEN -> {
                if (now.isBefore(openedAt.plus(openDuration))) return false;
                state = State.HALF_OPEN;
                probeInFlight = true;
                return true;
            }
            default -> {
                if (probeInFlight) return false;
                probeInFlight = true;
                return true;
            }
        }
    }

    synchronized Transition onSuccess() {
        State before = state;
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
        return before == State.CLOSED ? Transition.NONE : Transition.CLOSED;
    }

    synchronized Transition onFailure(Instant now, ModelException.Kind kind) {
        consecutiveFailures++;
        lastErrorKind = kind;
        lastErrorAt = now;
        probeInFlight = false;
        if (state == State.HALF_OPEN || state == State.CLOSED && consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = now;
            return Transition.OPENED;
        }
        return Transition.NONE;
    }

    synchronized State state() {
        return state;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How long until an open breaker lets a probe through; zero otherwise. */
    synchronized Duration retryIn(Instant now) {
        if (state != State.OPEN) return Duration.ZERO;
        Duration d = Duration.between(now, openedAt.plus(openDuration));
        return d.isNegative() ? Duration.ZERO : d;
    }

    synchronized String describe(Instant now) {
        StringBuilder sb = new StringBuilder(state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (state == State.OPEN) sb.append(" (probe in ").append(Math.max(1, retryIn(now).toSeconds())).append(" s)");
        sb.append(", ").append(consecutiveFailures).append(" consecutive failure").append(consecutiveFailures == 1 ? "" : "s");
        if (lastErrorKind != null) sb.append(", last error ").append(lastErrorKind).append(" at ").append(lastErrorAt);
        return sb.toString();
    }
}
