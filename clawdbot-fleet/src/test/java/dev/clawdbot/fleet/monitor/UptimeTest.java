package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class UptimeTest {
    @TempDir
    Path dir;

    @Test
    void percentagesFromAKnownHistory() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        Instant now = clock.instant();
        try (Database db = Database.sqlite(dir.resolve("fleet.db"))) {
            MonitorStore store = new MonitorStore(db);
            // Last 24 h: 3 up, 1 down. 3 days ago: 4 down. 20 days ago: 2 up. 31 days ago: 5 down (outside every window).
            record(store, now.minus(Duration.ofHours(1)), true, 3);
            record(store, now.minus(Duration.ofHours(23)), false, 1);
            record(store, now.minus(Duration.ofDays(3)), false, 4);
            record(store, now.minus(Duration.ofDays(20)), true, 2);
            record(store, now.minus(Duration.ofDays(31)), false, 5);
            record(store, now.plusSeconds(1), false, 1); // after now: not counted
            store.record("other", CheckResult.down(now.minusSeconds(5), Duration.ZERO, "x"));

            assertThat(store.uptime("web", now)).isEqualTo(new Uptime(75.0, 37.5, 50.0));
            assertThat(store.uptime("absent", now)).isEqualTo(new Uptime(null, null, null));
        }
    }

    private static void record(MonitorStore store, Instant at, boolean up, int n) {
        for (int i = 0; i < n; i++) {
            Instant t = at.minusSeconds(i);
            store.record("web", up ? CheckResult.up(t, Duration.ofMillis(12)) : CheckResult.down(t, Duration.ofMillis(30), "status 500"));
        }
    }
}
