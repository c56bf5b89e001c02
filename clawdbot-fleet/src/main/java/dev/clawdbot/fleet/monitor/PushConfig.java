package dev.clawdbot.fleet.monitor;

import java.time.Duration;

/**
 * {@code monitors.push:} — the token buckets of {@code /api/push/<token>}: one per source address (every request,
 * known token or not) and one per PUSH monitor. A bucket holds {@code burst} requests and gains one every
 * {@code every}.
 *
 * @param sourceBurst  requests one source may make at once (default 60: a host whose cron jobs all push at :00)
 * @param sourceEvery  one more request per source after this (default {@code PT1S})
 * @param monitorBurst heartbeats one monitor may get at once (default 10)
 * @param monitorEvery one more heartbeat per monitor after this (default {@code PT6S}: a heartbeat is meaningful
 *                     once a minute at most)
 */
public record PushConfig(Integer sourceBurst, Duration sourceEvery, Integer monitorBurst, Duration monitorEvery) {
    /** A burst above this would let one source spend a scan of guessed tokens unchecked. */
    static final int MAX_BURST = 10_000;

    public PushConfig {
        sourceBurst = burst("monitors.push.sourceBurst", sourceBurst, 60);
        sourceEvery = every("monitors.push.sourceEvery", sourceEvery, Duration.ofSeconds(1));
        monitorBurst = burst("monitors.push.monitorBurst", monitorBurst, 10);
        monitorEvery = every("monitors.push.monitorEvery", monitorEvery, Duration.ofSeconds(6));
    }

    public static PushConfig defaults() {
        return new PushConfig(null, null, null, null);
    }

    private static int burst(String key, Integer value, int fallback) {
        if (value == null) return fallback;
        if (value < 1 || value > MAX_BURST) throw new IllegalArgumentException(key + ": need 1.." + MAX_BURST + ", was " + value);
        return value;
    }

    // 1 ms to 1 day: finer than a millisecond the bucket's clock cannot tell apart; a day is past any heartbeat interval worth limiting.
    private static Duration every(String key, Duration value, Duration fallback) {
        if (value == null) return fallback;
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(key + ": need PT0.001S..P1D, was " + value);
        }
        return value;
    }
}
