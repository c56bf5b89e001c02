package dev.clawdbot.siem.rules;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void isBoundedInTimeAndInLines() {
        Ruleset shipped = Ruleset.shipped();
        long t0 = System.nanoTime();
        int lines = WarmUp.run(shipped, Duration.ofMillis(50));
        // The clocks are read every 64 lines, so one batch may run past the budget.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(lines).isPositive().isLessThanOrEqualTo(WarmUp.MAX_LINES);
        long t1 = System.nanoTime();
        assertThat(WarmUp.run(shipped, Duration.ofMinutes(5))).isLessThanOrEqualTo(WarmUp.MAX_LINES);
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(WarmUp.WALL_CAP.plusSeconds(2));
        assertThat(WarmUp.run(shipped, Duration.ZERO)).isZero();
    }

    /**
     * The same 20,000 bench lines through one analyzer with a warm-up on the same thread before and between them
     * give exactly the analyses of an analyzer that never saw a warm-up: same rules, fired counts, descriptions,
     * fields (so frequency, ignore and firedtimes state, and the per-thread regex scratch, carry nothing over).
     */
    @Test
    void leavesTheCallersAnalysesUnchanged() {
        Ruleset shipped = Ruleset.shipped();
        List<String> lines = SshdSampleLog.lines(20_000, 42);
        Analyzer plain = new Analyzer(shipped, CLOCK, ZoneOffset.UTC);
        List<Analysis> expected = new ArrayList<>();
        for (String l : lines) expected.add(plain.analyze(l, "auth.log"));

        Analyzer warmed = new Analyzer(shipped, CLOCK, ZoneOffset.UTC);
        WarmUp.run(shipped, Duration.ofMillis(100));
        List<Analysis> actual = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (i % 5_000 == 2_500) WarmUp.run(shipped, Duration.ofMillis(20));
            actual.add(warmed.analyze(lines.get(i), "auth.log"));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).anyMatch(a -> a.ruleId() == 880110).anyMatch(a -> a.firedTimes() > 1_000);
    }
}
