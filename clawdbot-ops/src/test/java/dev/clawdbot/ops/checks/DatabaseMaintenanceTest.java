package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseMaintenanceTest {
    @TempDir
    Path dir;

    /** 2,000 rows of 4 KiB, then 1,900 deleted: VACUUM gives most of ~8 MiB back. */
    private static void fillAndDelete(Database db) {
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, body TEXT)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bulk (body) VALUES (?)")) {
                for (int i = 0; i < 2000; i++) {
                    p.setString(1, "x".repeat(4096));
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM bulk WHERE id > 100");
            }
            return null;
        });
    }

    @Test
    void sqliteIsCheckedAnalyzedAndVacuumedSoTheFileShrinks() throws Exception {
        Path file = dir.resolve("clawdbot.db");
        try (Database db = Database.sqlite(file)) {
            fillAndDelete(db);
            db.withConnection(c -> c.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)"));
            long before = Files.size(file);
            List<Finding> findings = new DatabaseMaintenance(Duration.ofMinutes(5)).run(db);
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
                assertThat(f.message()).startsWith("integrity ok, analyzed, vacuumed in ");
            });
            assertThat(Files.size(file)).isLessThan(before / 4);
            boolean analyzed = db.withConnection(c -> c.createStatement().executeQuery(
                    "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'bulk'").getInt(1) > 0);
            assertThat(analyzed).isTrue();
        }
    }

    @Test
    void vacuumIsSkippedWhenTheBudgetIsSpentAndTheFindingSaysSo() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("clawdbot.db"))) {
            fillAndDelete(db);
            List<Finding> findings = new DatabaseMaintenance(Duration.ofNanos(1)).run(db);
            assertThat(findings).singleElement().extracting(Finding::message).asString()
                    .startsWith("integrity ok, analyzed; VACUUM skipped: estimated ")
                    .contains("ms left of the budget");
        }
    }

    @Test
    void vacuumIsSkippedWhenTheFilesystemCannotHoldACopy() throws Exception {
        Path file = dir.resolve("big.db");
        long free = Files.getFileStore(dir).getUsableSpace();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(free + (1L << 30)); // sparse: larger than the free space, taking none of it
        }
        assertThat(DatabaseMaintenance.vacuumSkipReason(file, Duration.ZERO, Duration.ofMinutes(1)))
                .startsWith("needs ").contains("KiB free for the copy");
        Files.delete(file);
        Files.writeString(file, "small");
        assertThat(DatabaseMaintenance.vacuumSkipReason(file, Duration.ZERO, Duration.ofMinutes(1))).isNull();
    }

    @Test
    void postgresqlIsVacuumedAndAnalyzed() throws Exception {
        try (Database db = Database.open(SharedPostgres.freshDatabase("ops", 2))) {
            db.withConnection(c -> c.createStatement().execute("CREATE TABLE bulk AS SELECT g AS id FROM generate_series(1, 1000) g"));
            List<Finding> findings = new DatabaseMaintenance(Duration.ofMinutes(5)).run(db);
            assertThat(findings).singleElement().extracting(Finding::message).asString().startsWith("VACUUM (ANALYZE) done in ");
            // CREATE TABLE AS leaves reltuples at -1 and no statistics; ANALYZE writes both synchronously (pg_stat_* lag behind).
            boolean analyzed = db.withConnection(c -> {
                var rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM pg_stats WHERE tablename = 'bulk'), reltuples FROM pg_class WHERE relname = 'bulk'");
                return rs.next() && rs.getLong(1) > 0 && rs.getDouble(2) == 1000.0;
            });
            assertThat(analyzed).isTrue();
        }
    }

    @Test
    void theMonthlyTierAlwaysReportsWithUptimeFromTheRealProc() throws Exception {
        List<OperatorNotice> sent = new ArrayList<>();
        Clock clock = Clock.fixed(Instant.parse("2026-12-15T03:00:00Z"), ZoneOffset.UTC);
        try (Database db = Database.sqlite(dir.resolve("clawdbot.db"))) {
            MonthlyTier tier = new MonthlyTier(db, new DatabaseMaintenance(Duration.ofMinutes(5)), new UptimeLoad(2),
                    () -> read("/proc/uptime"), () -> read("/proc/loadavg"), "node-a", sent::add, clock);
            List<String> lines = tier.run(clock.instant());
            assertThat(lines).anyMatch(l -> l.startsWith("INFO database sqlite: integrity ok"))
                    .anyMatch(l -> l.contains("uptime") && l.contains(" on 2 CPUs"));
        }
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.source()).isEqualTo("ops.monthly");
            assertThat(n.body()).contains("integrity ok").contains("up ");
        });
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
