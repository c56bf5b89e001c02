package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.db.SharedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** History, uptime and incidents on both engines, with a fixed clock. */
class UptimeTest {
    @TempDir
    Path dir;
    private Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private Database open(String engine) {
        return SharedPostgres.open(engine, dir.resolve("fleet.db"), "uptime", 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void percentagesFromAKnownHistory(String engine) throws Exception {
        db = open(engine);
        Instant now = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC).instant();
        MonitorStore store = new MonitorStore(db);
        // Last 24 h: 3 up, 1 down. 3 days ago: 4 down. 20 days ago: 2 up. 31 days ago: 5 down (outside every window).
        record(store, now.minus(Duration.ofHours(1)), true, 3);
        record(store, now.minus(Duration.ofHours(23)), false, 1);
        record(store, now.minus(Duration.ofDays(3)), false, 4);
        record(store, now.minus(Duration.ofDays(20)), true, 2);
        record(store, now.minus(Duration.ofDays(31)), false, 5);
        record(store, now.plusSeconds(1), false, 1); // after now: not counted
        store.record("other", CheckResult.down(now.minusSeconds(5), Duration.ZERO, "x"));

        assertThat(store.uptime("web", now)).isEqualTo(new Uptime(75.0, 37.5, 50.0, 100.0 * 5 / 15));
        assertThat(store.uptime("absent", now)).isEqualTo(new Uptime(null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void incidentsOpenAndClose(String engine) throws Exception {
        db = open(engine);
        MonitorStore store = new MonitorStore(db);
        Instant t = Instant.parse("2026-03-01T12:00:00Z");
        store.openIncident("web", t, "status 502, expected 2xx");
        store.closeIncident("web", t.plusSeconds(90));
        store.openIncident("web", t.plusSeconds(600), "connect failed: Connection refused");
        assertThat(store.incidents("web")).containsExactly(
                new Incident("web", t, t.plusSeconds(90), "status 502, expected 2xx"),
                new Incident("web", t.plusSeconds(600), null, "connect failed: Connection refused"));
        assertThat(store.incidents("other")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void checksOlderThanSevenDaysFoldIntoHourlyBucketsAndUptimeStaysTheSame(String engine) throws Exception {
        db = open(engine);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:30:00Z"));
        MonitorStore store = new MonitorStore(db);
        Instant start = clock.instant().minus(Duration.ofDays(200));
        // One check every 10 minutes for 200 days; every 4th fails; latency 10..40 ms.
        int n = 0;
        for (Instant t = start; t.isBefore(clock.instant()); t = t.plus(Duration.ofMinutes(10)), n++) {
            boolean up = n % 4 != 3;
            store.record("web", up ? CheckResult.up(t, Duration.ofMillis(10 + 10 * (n % 4)))
                    : CheckResult.down(t, Duration.ofMillis(40), "status 500"));
        }
        store.record("web", CheckResult.down(start.plusSeconds(1), Duration.ofMillis(5), "patching"), true); // maintenance
        Uptime before = store.uptime("web", clock.instant());
        assertThat(before.year()).isEqualTo(75.0);

        int folded = store.downsample(clock.instant());
        // Folded: everything before 2026-02-22T12:00 (the hour at or before now - 7 d): 193 days less the 3 checks
        // of the first half hour, plus the maintenance check, which is dropped without counting.
        assertThat(folded).isEqualTo(193 * 144 - 3 + 1);
        List<MonitorStore.Bucket> buckets = store.buckets("web", start.minus(Duration.ofHours(1)), clock.instant());
        assertThat(buckets).hasSize(193 * 24);
        assertThat(buckets.getFirst()).isEqualTo(new MonitorStore.Bucket(Instant.parse("2025-08-13T12:00:00Z"), 3, 3, 20, 30));
        // 13:00-13:50: checks 3..8, failing 3 and 7; latencies 40 10 20 30 40 10.
        assertThat(buckets.get(1)).isEqualTo(new MonitorStore.Bucket(Instant.parse("2025-08-13T13:00:00Z"), 6, 4, 25, 40));
        Uptime after = store.uptime("web", clock.instant());
        assertThat(after.day()).isEqualTo(before.day());
        assertThat(after.week()).isEqualTo(before.week());
        assertThat(after.month()).isCloseTo(before.month(), within(0.05)); // the bucketed window starts on the hour
        assertThat(after.year()).isEqualTo(75.0);
        assertThat(store.downsample(clock.instant())).isZero();

        clock.advance(Duration.ofDays(1)); // a day later, another day's checks fold; the figures over a year barely move
        store.downsample(clock.instant());
        assertThat(store.uptime("web", clock.instant()).year()).isEqualTo(75.0);
    }

    private static void record(MonitorStore store, Instant at, boolean up, int n) {
        for (int i = 0; i < n; i++) {
            Instant t = at.minusSeconds(i);
            store.record("web", up ? CheckResult.up(t, Duration.ofMillis(12)) : CheckResult.down(t, Duration.ofMillis(30), "status 500"));
        }
    }
}
