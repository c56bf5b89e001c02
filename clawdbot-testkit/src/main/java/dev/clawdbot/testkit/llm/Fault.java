package dev.clawdbot.testkit.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault {@link FakeModelServer} injects into one reply. Faults that cut a stream short do so after
 * some real content, as a failing server does.
 *
 * @param delay      how long to wait (slow first byte, stall)
 * @param status     the HTTP status for {@link Kind#HTTP_STATUS}
 * @param retryAfter the {@code retry-after} header value, or null
 * @param message    the error message in an error body or event, or null for a stock one
 */
public record Fault(Kind kind, Duration delay, int status, String retryAfter, String message) {

    public enum Kind {
        /** Waits {@code delay} before the response headers, then answers normally. */
        SLOW_FIRST_BYTE,
        /** Sends half the stream, then goes silent for {@code delay} and drops the connection. */
        STALL_MID_STREAM,
        /** An HTTP error status with the provider's error body and optional {@code retry-after}. */
        HTTP_STATUS,
        /** Half the stream, then a clean end of the body: no message_stop / finish_reason / [DONE]. */
        TRUNCATED_STREAM,
        /** An event whose data is not JSON. */
        MALFORMED_JSON,
        /** Two events' data on one {@code data:} line. */
        MERGED_EVENTS,
        /** {@code data: data: {...}}. */
        DOUBLED_DATA_PREFIX,
        /** {@code [DONE]} before the reply finished. */
        DONE_EARLY,
        /** The connection drops in the middle of a tool call's argument JSON. */
        DISCONNECT_MID_TOOL_CALL,
        /** A mid-stream error event (overloaded / server error). */
        ERROR_EVENT
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        delay = delay == null ? Duration.ZERO : delay;
    }

    public Fault(Kind kind, Duration delay) {
        this(kind, delay, 0, null, null);
    }

    /** An HTTP error whose body carries {@code message}, e.g. one that echoes a credential. */
    public static Fault status(int status, String message) {
        return new Fault(Kind.HTTP_STATUS, null, status, null, message);
    }

    public static Fault of(Kind kind) {
        return new Fault(kind, Duration.ofSeconds(5), 0, null, null);
    }

    public static Fault slowFirstByte(Duration delay) {
        return new Fault(Kind.SLOW_FIRST_BYTE, delay, 0, null, null);
    }

    public static Fault stallMidStream(Duration stall) {
        return new Fault(Kind.STALL_MID_STREAM, stall, 0, null, null);
    }

    public static Fault status(int status) {
        return new Fault(Kind.HTTP_STATUS, null, status, null, null);
    }

    public static Fault rateLimited(String retryAfter) {
        return new Fault(Kind.HTTP_STATUS, null, 429, retryAfter, null);
    }

    public static Fault overloaded() {
        return status(529);
    }

    public static Fault serverError() {
        return status(500);
    }
}
