package dev.clawdbot.core.outbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 987654321})
    void everyDelayLiesBetweenTheJitteredAndTheFullCappedExponential(long seed) {
        Random r = new Random(seed);
        Duration base = Duration.ofMillis(1 + r.nextInt(10_000));
        Duration max = base.multipliedBy(1 + r.nextInt(1000));
        double jitter = r.nextDouble() * 0.9;
        Backoff b = new Backoff(base, max, jitter);
        for (int attempt = 1; attempt < 200; attempt++) {
            long full = Math.min(max.toMillis(), attempt > 60 ? Long.MAX_VALUE : base.toMillis() * (1L << Math.min(attempt - 1, 40)));
            if (attempt > 41) full = max.toMillis();
            long d = b.delay(attempt, r).toMillis();
            assertThat(d).as("attempt %d", attempt).isBetween((long) Math.floor(full * (1 - jitter)), full);
        }
    }

    @Test
    void withoutJitterItDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15), 0);
        Random r = new Random(1);
        assertThat(b.delay(1, r)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.delay(4, r)).isEqualTo(Duration.ofSeconds(40));
        assertThat(b.delay(8, r)).isEqualTo(Duration.ofSeconds(640));
        assertThat(b.delay(9, r)).isEqualTo(Duration.ofMinutes(15));
        assertThat(b.delay(Integer.MAX_VALUE, r)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0)).hasMessageContaining("base must be positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0)).hasMessageContaining("below its base");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0)).hasMessageContaining("jitter");
    }

    @Test
    void aWakeBeforeTheWaitIsKeptAndAWaitWithoutOneTimesOut() {
        Wakeup w = new Wakeup();
        w.wake();
        assertThat(w.pending()).isTrue();
        assertThat(w.await(Duration.ofMinutes(5))).isTrue();
        assertThat(w.await(Duration.ofMillis(20))).isFalse();
    }
}
