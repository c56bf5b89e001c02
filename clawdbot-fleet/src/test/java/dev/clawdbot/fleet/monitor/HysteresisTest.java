package dev.clawdbot.fleet.monitor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random check sequences: transitions happen exactly when the last results justify them. */
class HysteresisTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99991})
    void transitionsOnlyAfterEnoughConsecutiveResults(long seed) {
        Random rnd = new Random(seed);
        int retries = 1 + rnd.nextInt(4);
        int upAfter = 1 + rnd.nextInt(4);
        double failureRate = rnd.nextDouble();
        Hysteresis h = new Hysteresis(MonitorTest.http("m", URI.create("http://x/"), retries, upAfter, 0));
        List<Boolean> history = new ArrayList<>();
        Hysteresis.Transition last = Hysteresis.Transition.UP;
        for (int i = 0; i < 2000; i++) {
            boolean up = rnd.nextDouble() >= failureRate;
            history.add(up);
            MonitorState before = h.state();
            Hysteresis.Transition t = h.record(up);
            switch (t) {
                case DOWN -> {
                    assertThat(tail(history, retries)).as("seed %d check %d", seed, i).containsOnly(false);
                    assertThat(last).isEqualTo(Hysteresis.Transition.UP);
                    last = t;
                }
                case UP -> {
                    assertThat(tail(history, upAfter)).as("seed %d check %d", seed, i).containsOnly(true);
                    assertThat(before).isEqualTo(MonitorState.DOWN);
                    last = t;
                }
                case NONE -> {
                    boolean downDue = before != MonitorState.DOWN && history.size() >= retries && !tail(history, retries).contains(true);
                    boolean upDue = before == MonitorState.DOWN && history.size() >= upAfter && !tail(history, upAfter).contains(false);
                    assertThat(downDue || upDue).as("seed %d check %d: a due transition was missed", seed, i).isFalse();
                }
                case REMIND -> throw new AssertionError("no reminders configured");
            }
        }
    }

    private static List<Boolean> tail(List<Boolean> l, int n) {
        return l.subList(l.size() - n, l.size());
    }
}
