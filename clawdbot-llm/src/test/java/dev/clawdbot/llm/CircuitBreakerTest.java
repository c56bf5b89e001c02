package dev.clawdbot.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void halfOpenLetsExactlyOneProbeThrough() {
        CircuitBreaker b = new CircuitBreaker(2, Duration.ofSeconds(30));
        b.onFailure(T0, ModelException.Kind.TIMEOUT);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.onFailure(T0, ModelException.Kind.TIMEOUT)).isEqualTo(CircuitBreaker.Transition.OPENED);
        assertThat(b.tryAcquire(T0.plusSeconds(29))).isFalse();
        assertThat(b.retryIn(T0.plusSeconds(29))).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.tryAcquire(T0.plusSeconds(30))).isTrue();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(b.tryAcquire(T0.plusSeconds(30))).as("a second caller while the probe is out").isFalse();
        assertThat(b.onSuccess()).isEqualTo(CircuitBreaker.Transition.CLOSED);
        assertThat(b.tryAcquire(T0.plusSeconds(31))).isTrue();
        assertThat(b.consecutiveFailures()).isZero();
    }

    @Test
    void successesInBetweenResetTheCount() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(30));
        for (int i = 0; i < 10; i++) {
            b.onFailure(T0, ModelException.Kind.OVERLOADED);
            b.onFailure(T0, ModelException.Kind.OVERLOADED);
            b.onSuccess();
        }
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.describe(T0)).isEqualTo("closed, 0 consecutive failures, last error OVERLOADED at 2026-11-23T10:00:00Z");
    }
}
