package dev.clawdbot.llm;

import java.time.Duration;

/**
 * A failed model call. {@link Kind} decides what happens next: {@code BAD_REQUEST} and {@code AUTH} are the
 * caller's problem and never fail over; the others may be retried or failed over.
 */
public final class ModelException extends Exception {

    public enum Kind { RATE_LIMITED, OVERLOADED, SERVER_ERROR, TIMEOUT, NETWORK, MALFORMED_STREAM, BAD_REQUEST, AUTH, BUDGET_EXCEEDED, NOT_CONFIGURED }

    private final Kind kind;
    private final Duration retryAfter;

    public ModelException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public ModelException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's {@code retry-after}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether another attempt (same provider later, or the next one in the chain) may succeed. */
    public boolean transientFailure() {
        return switch (kind) {
            case RATE_LIMITED, OVERLOADED, SERVER_ERROR, TIMEOUT, NETWORK, MALFORMED_STREAM -> true;
            case BAD_REQUEST, AUTH, BUDGET_EXCEEDED, NOT_CONFIGURED -> false;
        };
    }
}
