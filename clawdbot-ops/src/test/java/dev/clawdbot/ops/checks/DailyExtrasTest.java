package dev.clawdbot.ops.checks;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DailyExtrasTest {
    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void diskGrowthWarnsWhenTheRateFillsTheDiskSoonAndOnlyStoresOnTheFirstRun() {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            SnapshotStore store = new SnapshotStore(db);
            List<DiskCheck.Usage> yesterday = List.of(new DiskCheck.Usage("/ (ext4)", "ext4", 100 * GIB, 30 * GIB, 70),
                    new DiskCheck.Usage("/srv (xfs)", "xfs", 100 * GIB, 50 * GIB, 50));
            assertThat(new DiskGrowth(store, 14, Clock.fixed(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC)).check(yesterday)).isEmpty();
            // / grew 5 GiB in a day with 25 GiB left: full in 5 days. /srv grew 10 MiB: listed only.
            List<DiskCheck.Usage> today = List.of(new DiskCheck.Usage("/ (ext4)", "ext4", 100 * GIB, 25 * GIB, 75),
                    new DiskCheck.Usage("/srv (xfs)", "xfs", 100 * GIB, 50 * GIB - (10 << 20), 50));
            List<Finding> f = new DiskGrowth(store, 14, Clock.fixed(NOW, ZoneOffset.UTC)).check(today);
            assertThat(f).hasSize(2);
            assertThat(f.get(0).severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.get(0).subject()).isEqualTo("/ (ext4)");
            assertThat(f.get(0).message()).isEqualTo("grew 5120 MiB in 1.0 days; full in about 5.0 days at this rate (25600 MiB free)");
            assertThat(f.get(1).message()).isEqualTo("since 2026-12-06T04:00:00Z: / (ext4) +5120 MiB, /srv (xfs) +10 MiB");
            assertThat(store.get(DiskGrowth.SNAPSHOT).orElseThrow().takenAt()).isEqualTo(NOW);
        }
    }

    @Test
    void appHealthReadsBreakersQueuesErrorsAndTheBackupMarker() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            event(db, NOW.minus(Duration.ofHours(3)), "breaker.opened", 8, "{\"provider\":\"anthropic\",\"failures\":5}");
            event(db, NOW.minus(Duration.ofHours(5)), "breaker.opened", 8, "{\"provider\":\"openai\"}");
            event(db, NOW.minus(Duration.ofHours(4)), "breaker.closed", 3, "{\"provider\":\"openai\"}");
            for (int i = 0; i < 3; i++) event(db, NOW.minus(Duration.ofHours(2)), "guard.blocked", 12, "{}");
            event(db, NOW.minus(Duration.ofDays(2)), "guard.blocked", 12, "{}");
            outbox(db, "mail", "PENDING", NOW.minus(Duration.ofHours(2)));
            outbox(db, "telegram", "PENDING", NOW.minus(Duration.ofMinutes(1)));
            outbox(db, "telegram", "DONE", NOW.minus(Duration.ofDays(1)));
            Path marker = Files.writeString(dir.resolve("backup.ok"), "");
            Files.setLastModifiedTime(marker, FileTime.from(NOW.minus(Duration.ofHours(30))));
            Finding extra = new Finding(Finding.Severity.INFO, "clawdbot", "gateway", "in-process", "");
            List<Finding> f = new AppHealth(db, marker, Duration.ofHours(26), 100, 2, () -> List.of(extra), Clock.fixed(NOW, ZoneOffset.UTC)).check();
            assertThat(f).extracting(Finding::subject).containsExactly("provider anthropic", "queue mail", "queues", "event log", "backup", "gateway");
            assertThat(f.get(0).message()).isEqualTo("circuit breaker open since " + NOW.minus(Duration.ofHours(3)));
            assertThat(f.get(1).message()).isEqualTo("1 item(s) waiting, the oldest due for 120 min");
            assertThat(f.get(2).message()).isEqualTo("outbox: mail 1, telegram 1");
            assertThat(f.get(3).severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.get(3).message()).isEqualTo("3 event(s) of level 10+ in 24 h: guard.blocked 3");
            assertThat(f.get(4).message()).startsWith("last backup 30 h ago");
            List<Finding> noMarker = new AppHealth(db, dir.resolve("absent"), Duration.ofHours(26), 100, 20, List::of, Clock.fixed(NOW, ZoneOffset.UTC)).check();
            assertThat(noMarker).filteredOn(x -> x.subject().equals("backup")).singleElement().extracting(Finding::severity).isEqualTo(Finding.Severity.CRITICAL);
        }
    }

    private static void event(Database db, Instant at, String type, int level, String fields) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (time, time_ms, type, level, actor, fields) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, at.toString());
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, type);
                ps.setInt(4, level);
                ps.setString(5, "test");
                ps.setString(6, fields);
                return ps.executeUpdate();
            }
        });
    }

    private static void outbox(Database db, String queue, String status, Instant due) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (queue, payload, status, attempts, next_attempt_ms, claim_no, "
                    + "created_ms, updated_ms) VALUES (?, '{}', ?, 0, ?, 0, ?, ?)")) {
                ps.setString(1, queue);
                ps.setString(2, status);
                ps.setLong(3, due.toEpochMilli());
                ps.setLong(4, due.toEpochMilli());
                ps.setLong(5, due.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }
}
