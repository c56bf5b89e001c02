package dev.clawdbot.app;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The siem's daily digest is the ops engine's job {@code siem-digest} when both roles run in one process (issue 15):
 * a run missed while Clawdbot was down is sent once at the next start, by the scheduler, and the siem's own timer
 * stays off; {@code serve --roles siem} alone keeps the siem's own timer. Real server, real SQLite, the notices as the
 * durable notifier stores them.
 */
class SiemDigestJobTest {

    @TempDir
    Path dir;

    @Test
    void aMissedDigestRunIsSentOnceByTheOpsSchedulerAndTheSiemAloneKeepsItsOwnTimer() throws Exception {
        Path yaml = Files.writeString(dir.resolve("clawdbot.yaml"), """
                ops:
                  pollInterval: 300ms
                siem:
                  files: []
                  fim: { enabled: false }
                  journal: { enabled: false }
                  digest: { at: "07:00" }
                """);
        Map<String, String> env = Map.of("CLAWDBOT_CONFIG", yaml.toString(), "CLAWDBOT_DATA", dir.resolve("data").toString());
        Path file = dir.resolve("data/clawdbot.db");

        try (Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of("ops", "siem")).start()) {
            assertThat(server.problems()).isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> scheduled(file).contains("siem-digest"));
        }
        // Clawdbot was down over a 07:00; the siem's own timer last sent a digest long ago (it would owe one now).
        Instant missed = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        try (Database db = Database.sqlite(file)) {
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("UPDATE ops_scheduled_tasks SET execution_time = ? WHERE task_name = 'siem-digest'")) {
                    ps.setTimestamp(1, Timestamp.from(missed), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                try (var ps = c.prepareStatement("INSERT INTO siem_offsets (path, inode, file_offset) VALUES ('digest', 'digest', ?)")) {
                    ps.setLong(1, missed.minus(3, ChronoUnit.DAYS).toEpochMilli());
                    return ps.executeUpdate();
                }
            });
        }

        String missedDay = DateTimeFormatter.ISO_LOCAL_DATE.format(missed.atZone(ZoneId.systemDefault()));
        try (Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of("ops", "siem")).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(file).contains("SUCCEEDED " + missed.toEpochMilli()));
            Thread.sleep(2_500); // several scheduler polls and the siem timer's 1 s tick: nothing more may be sent
            assertThat(digests(file)).as("sent once, by the scheduler, for the missed day").containsExactly("siem:digest:" + missedDay + " x0");
            assertThat(runs(file)).containsExactly("SUCCEEDED " + missed.toEpochMilli());
        }

        // The siem alone (no ops in this process): its own timer owes the digest since its last one and sends it.
        try (Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of("siem")).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> digests(file).size() == 2);
            assertThat(digests(file).getLast()).doesNotContain(missedDay).endsWith(" x0");
            assertThat(runs(file)).hasSize(1);
        }
    }

    private static List<String> scheduled(Path file) {
        return query(file, "SELECT task_name FROM ops_scheduled_tasks ORDER BY task_name");
    }

    /** The ops runs of siem-digest: outcome and scheduled time. */
    private static List<String> runs(Path file) {
        return query(file, "SELECT outcome || ' ' || scheduled_for FROM ops_job_runs WHERE job = 'siem-digest' ORDER BY id");
    }

    /** The digests the notifier accepted: key and how many repeats were folded into each. */
    private static List<String> digests(Path file) {
        return query(file, "SELECT dedup_key || ' x' || repeats FROM operator_notices WHERE dedup_key LIKE 'siem:digest:%' ORDER BY id");
    }

    private static List<String> query(Path file, String sql) {
        try (Database db = Database.sqlite(file)) {
            return db.withConnection(c -> {
                List<String> out = new ArrayList<>();
                try (var rs = c.createStatement().executeQuery(sql)) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            });
        }
    }
}
