package dev.clawdbot.core.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Capped exponential back-off with jitter: attempt n waits {@code min(max, base * 2^(n-1))}, less a random share
 * of up to {@code jitter} of it, so that many rows failing together do not all retry in the same instant.
 */
public record Backoff(Duration base, Duration max, double jitter) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("back-off base must be positive, was " + base);
        if (max.compareTo(base) < 0) throw new IllegalArgumentException("back-off max " + max + " is below its base " + base);
        if (!(jitter >= 0 && jitter < 1)) throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }

    /** 5 s doubling to 15 minutes, up to 20 % earlier. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15), 0.2);
    }

    /** {@link #delay(int, RandomGenerator)} with the jitter drawn from the thread's own generator. */
    public Duration delay(int attempt) {
        return delay(attempt, ThreadLocalRandom.current());
    }

    /** The wait after the {@code attempt}-th failure (1 for the first). */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        int shift = Math.min(attempt - 1, 62);
        long baseMs = base.toMillis();
        long maxMs = max.toMillis();
        // base <= max >> shift  ⇔  base << shift <= max, so the shift below cannot overflow.
        long capped = baseMs > (maxMs >> shift) ? maxMs : baseMs << shift;
        long cut = (long) (capped * jitter * random.nextDouble());
        return Duration.ofMillis(capped - cut);
    }
}
