package dev.clawdbot.fleet.monitor;

import java.time.Duration;

/** What {@code /api/push/<token>} answers: 200, 404, or 429 with {@code Retry-After}. */
public sealed interface PushAnswer {
    /** A heartbeat recorded for the token's monitor. */
    record Accepted() implements PushAnswer { }

    /** No PUSH monitor has the token. */
    record Unknown() implements PushAnswer { }

    /** Over the source's or the monitor's rate limit: nothing recorded; {@code retryAfter} until a request may pass. */
    record Limited(Duration retryAfter) implements PushAnswer { }
}
