package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** History, uptime and incidents on both engines, with a fixed clock. */
class UptimeTest {
    @TempDir
    Path dir;
    private Database db;
    private static EmbeddedPostgres postgres;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) postgres.close();
    }

    private Database open(String engine) throws Exception {
        if (engine.equals("sqlite")) return Database.sqlite(dir.resolve("fleet.db"));
        if (postgres == null) postgres = EmbeddedPostgres.start();
        Database pg = Database.open(new DatabaseSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2));
        pg.withConnection(c -> c.createStatement().executeUpdate("DELETE FROM fleet_monitor_checks")
                + c.createStatement().executeUpdate("DELETE FROM fleet_monitor_incidents"));
        return pg;
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

        assertThat(store.uptime("web", now)).isEqualTo(new Uptime(75.0, 37.5, 50.0));
        assertThat(store.uptime("absent", now)).isEqualTo(new Uptime(null, null, null));
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

    private static void record(MonitorStore store, Instant at, boolean up, int n) {
        for (int i = 0; i < n; i++) {
            Instant t = at.minusSeconds(i);
            store.record("web", up ? CheckResult.up(t, Duration.ofMillis(12)) : CheckResult.down(t, Duration.ofMillis(30), "status 500"));
        }
    }
}
