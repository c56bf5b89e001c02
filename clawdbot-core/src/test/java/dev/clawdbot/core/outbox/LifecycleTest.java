package dev.clawdbot.core.outbox;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @Test
    void outboxRowsMoveOnlyAsTheOutboxMovesThem() {
        // The whole matrix: every pair not listed is refused.
        assertThat(Lifecycle.moves(OutboxStatus.class)).isEqualTo(Map.of(
                OutboxStatus.PENDING, Set.of(OutboxStatus.CLAIMED),
                OutboxStatus.CLAIMED, Set.of(OutboxStatus.PENDING, OutboxStatus.CLAIMED, OutboxStatus.DONE, OutboxStatus.FAILED),
                OutboxStatus.DONE, Set.of(),
                OutboxStatus.FAILED, Set.of()));
        assertThat(OutboxStatus.DONE.isFinal()).isTrue();
        assertThat(OutboxStatus.PENDING.isFinal()).isFalse();
    }

    @Test
    void requireMoveRefusesEveryIllegalMoveByName() {
        for (OutboxStatus from : OutboxStatus.values()) {
            for (OutboxStatus to : OutboxStatus.values()) {
                if (from.canMoveTo(to)) {
                    Lifecycle.requireMove(from, to);
                } else {
                    assertThatThrownBy(() -> Lifecycle.requireMove(from, to)).isInstanceOf(IllegalStateException.class)
                            .hasMessage("illegal status move " + from.wire() + " -> " + to.wire());
                }
            }
        }
    }

    @Test
    void wireStringsRoundTripAndUnknownOnesAreRefused() {
        for (OutboxStatus s : OutboxStatus.values()) assertThat(Lifecycle.fromWire(OutboxStatus.class, s.wire())).isEqualTo(s);
        assertThat(OutboxStatus.DONE.wire()).isEqualTo("DONE");
        assertThatThrownBy(() -> Lifecycle.fromWire(OutboxStatus.class, "done")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown OutboxStatus 'done'");
    }
}
