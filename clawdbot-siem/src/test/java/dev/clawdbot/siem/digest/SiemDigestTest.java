package dev.clawdbot.siem.digest;

import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.rules.ShippedRulesetTest.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The digest's text (snapshot) from real rows in SQLite, and its schedule. */
class SiemDigestTest {

    private static final Instant END = Instant.parse("2026-12-07T07:00:00Z");

    @TempDir
    Path dir;

    private Database db;
    private final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("clawdbot.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void alert(String at, int rule, int level, String srcip, String description) {
        new AlertStore(db).insert(new AlertStore.StoredAlert(Instant.parse(at), rule, level, srcip, description, "{}"));
    }

    private void sql(String sql, Object... args) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void snapshot() {
        alert("2026-12-06T06:59:59Z", 880102, 5, "198.51.100.1", "before the period");
        for (int i = 0; i < 5; i++) alert("2026-12-06T10:00:0" + i + "Z", 880102, 5, "203.0.113.9", "sshd: authentication failed for 'root' from 203.0.113.9.");
        alert("2026-12-06T10:00:06Z", 880110, 10, "203.0.113.9", "sshd: brute force from 203.0.113.9.");
        alert("2026-12-06T11:00:00Z", 880703, 6, "198.51.100.7", "web: path traversal attempt from 198.51.100.7.");
        alert("2026-12-06T12:00:00Z", 880841, 7, null, "File modified: /etc/ssh/sshd_config (sha256,size,mtime).");
        alert("2026-12-06T13:00:00Z", 880812, 12, null, "Clawdbot broker rejected a spoofed approval.");
        alert("2026-12-06T13:00:01Z", 880801, 10, null, "Clawdbot guard blocked content from mail.");
        alert("2026-12-07T07:00:00Z", 880102, 5, "198.51.100.2", "after the period");
        sql("INSERT INTO siem_fim_changes (time_ms, change, path) VALUES (?, ?, ?)", Instant.parse("2026-12-06T12:00:00Z").toEpochMilli(), "modified", "/etc/ssh/sshd_config");
        sql("INSERT INTO siem_fim_changes (time_ms, change, path) VALUES (?, ?, ?)", Instant.parse("2026-12-06T12:30:00Z").toEpochMilli(), "added", "/usr/local/bin/x");
        sql("INSERT INTO siem_responses (time_ms, action, address, rule_id, timeout_s, offence, dry_run, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Instant.parse("2026-12-06T10:00:06Z").toEpochMilli(), "block", "203.0.113.9", 880110, 600, 1, 1, "");
        sql("INSERT INTO siem_responses (time_ms, action, address, rule_id, timeout_s, offence, dry_run, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Instant.parse("2026-12-06T10:10:06Z").toEpochMilli(), "unblock", "203.0.113.9", 880110, 0, 1, 1, "expired");

        List<String> out = new SiemDigest(db, notices::add, "web1", ZoneOffset.UTC).run(END);
        OperatorNotice n = notices.getFirst();
        assertThat(out).containsExactly(n.subject());
        assertThat(n.subject()).isEqualTo("Security digest web1 2026-12-07: 10 alerts, 3 at level 10+, 2 file changes, 2 responses");
        assertThat(n.dedupKey()).isEqualTo("siem:digest:2026-12-07");
        assertThat(n.source()).isEqualTo("siem");
        assertThat(n.body()).isEqualTo("""
                Security digest for web1, 2026-12-06 07:00 to 2026-12-07 07:00 Z

                Alerts: 10 (level 10 and above: 3)

                By rule:
                  880110  level 10  x1      sshd: brute force from 203.0.113.9.
                  880841  level  7  x1      File modified: /etc/ssh/sshd_config (sha256,size,mtime).
                  880703  level  6  x1      web: path traversal attempt from 198.51.100.7.
                  880102  level  5  x5      sshd: authentication failed for 'root' from 203.0.113.9.

                By source address:
                  203.0.113.9                             x6      max level 10
                  198.51.100.7                            x1      max level 6

                Clawdbot's own security events:
                  880812  level 12  x1      Clawdbot broker rejected a spoofed approval.
                  880801  level 10  x1      Clawdbot guard blocked content from mail.

                File integrity changes: 2
                  modified /etc/ssh/sshd_config
                  added /usr/local/bin/x

                Active responses: 2
                  2026-12-06 10:00 block 203.0.113.9 rule 880110 for 600 s (offence 1) [dry-run]
                  2026-12-06 10:10 unblock 203.0.113.9 rule 880110 [dry-run] — expired
                """);
    }

    @Test
    void aQuietDayIsAShortDigest() {
        new SiemDigest(db, notices::add, "web1", ZoneOffset.UTC).run(END);
        assertThat(notices.getFirst().body()).isEqualTo("""
                Security digest for web1, 2026-12-06 07:00 to 2026-12-07 07:00 Z

                Alerts: 0 (level 10 and above: 0)

                File integrity changes: 0

                Active responses: 0
                """);
    }

    @Test
    void sentDailyAtItsTimeAndOnceForADayMissedWhileDown() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T06:59:58Z"));
        List<Instant> saved = new CopyOnWriteArrayList<>();
        SiemDigest digest = new SiemDigest(db, notices::add, "web1", ZoneOffset.UTC);
        try (DigestSchedule s = new DigestSchedule(new DigestConfig(true, "07:00"), digest, clock, ZoneOffset.UTC, () -> null, saved::add)) {
            s.start();
            clock.advance(Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> notices.size() == 1);
            assertThat(saved).containsExactly(END);
        }
        // Down from before 07:00 on the 8th until the 10th, 09:00: one digest (the latest), not three.
        MutableClock later = new MutableClock(Instant.parse("2026-12-10T09:00:00Z"));
        try (DigestSchedule s = new DigestSchedule(new DigestConfig(true, "07:00"), digest, later, ZoneOffset.UTC, () -> END, saved::add)) {
            s.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> notices.size() == 2);
            assertThat(notices.get(1).dedupKey()).isEqualTo("siem:digest:2026-12-10");
            await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(notices).hasSize(2);
        }
    }
}
