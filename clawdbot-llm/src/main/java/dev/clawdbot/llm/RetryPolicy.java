package dev.clawdbot.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/** Capped exponential backoff with full jitter, and the server's {@code retry-after} when it names one. */
record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /**
     * The wait before retry number {@code attempt} (0-based), or null when the server asks for a longer
     * wait than {@code maxRetryAfter}: then failing over beats waiting.
     */
    Duration delay(int attempt, Duration retryAfter, RandomGenerator random) {
        if (retryAfter != null) {
            if (retryAfter.compareTo(maxRetryAfter) > 0) return null;
            return retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        }
        long cap = maxDelay.toMillis();
        long exp = baseDelay.toMillis() << Math.min(attempt, 20);
        long bound = Math.max(1, Math.min(cap, exp));
        return Duration.ofMillis(random.nextLong(bound + 1));
    }

    /** Parses {@code retry-after} (delta seconds or an HTTP date) or {@code retry-after-ms}; null if absent or invalid. */
    static Duration parseRetryAfter(String retryAfter, String retryAfterMs, Clock clock) {
        if (retryAfterMs != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(retryAfterMs.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) return null;
        String v = retryAfter.trim();
        try {
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException ignored) {
            // an HTTP date
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
