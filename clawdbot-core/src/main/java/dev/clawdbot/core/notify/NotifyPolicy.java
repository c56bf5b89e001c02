package dev.clawdbot.core.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How the notifier treats notices: what is pushed at once ({@code level} and above; the rest is stored and logged),
 * how long a repeated {@code dedupKey} is folded into the first notice, how many notices each channel sends per
 * {@code window} before it suppresses the rest into one summary, and how failed sends are retried.
 */
public record NotifyPolicy(int level, Duration dedupWindow, int maxPerWindow, Duration window, int maxAttempts,
                           Duration retryBase, Duration retryMax) {

    public static final int DEFAULT_LEVEL = 10;

    public NotifyPolicy {
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(retryBase, "retryBase");
        Objects.requireNonNull(retryMax, "retryMax");
        if (level < 0 || level > 16) throw new IllegalArgumentException("level must be 0..16, was " + level);
        if (maxPerWindow < 1) throw new IllegalArgumentException("maxPerWindow must be at least 1, was " + maxPerWindow);
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }

    /**
     * Level 10; repeats folded for 10 minutes; 10 notices per channel per 10 minutes; 12 attempts, 5 s doubling to
     * 15 minutes (about 1.5 hours of trying in all).
     */
    public static NotifyPolicy defaults() {
        return new NotifyPolicy(DEFAULT_LEVEL, Duration.ofMinutes(10), 10, Duration.ofMinutes(10), 12,
                Duration.ofSeconds(5), Duration.ofMinutes(15));
    }
}
