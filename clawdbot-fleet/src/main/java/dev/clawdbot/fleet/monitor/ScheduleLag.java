package dev.clawdbot.fleet.monitor;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late checks start against their schedule (wake-up time minus the time the previous check asked for), in a
 * fixed histogram of 1 ms buckets up to 60 s: 60,001 counters, whatever the number of checks — bounded memory.
 */
public final class ScheduleLag {
    static final int MAX_MS = 60_000;
    private final AtomicLongArray counts = new AtomicLongArray(MAX_MS + 1);

    void record(long lagMs) {
        counts.incrementAndGet((int) Math.max(0, Math.min(MAX_MS, lagMs)));
    }

    public long count() {
        long n = 0;
        for (int i = 0; i <= MAX_MS; i++) n += counts.get(i);
        return n;
    }

    /** The lag in ms at or below which {@code p} (0..1) of the checks started; 0 with no checks. */
    public long percentile(double p) {
        long n = count();
        if (n == 0) return 0;
        long rank = (long) Math.ceil(p * n);
        long seen = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            seen += counts.get(i);
            if (seen >= rank) return i;
        }
        return MAX_MS;
    }
}
