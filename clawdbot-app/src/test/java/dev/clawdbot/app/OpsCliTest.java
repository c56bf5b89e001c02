package dev.clawdbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code clawdbot ops ...} through the real command tree, configuration and SQLite database. */
class OpsCliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    Result run(String... args) {
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "TZ", "Europe/Berlin");
        var cl = Main.commandLine(new Main(env, Clock.fixed(Instant.parse("2026-12-07T20:00:00Z"), ZoneOffset.UTC)), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void calendarNeedsNoConfigurationAndFollowsTz() {
        Result r = run("ops", "calendar", "--base-time", "2026-12-07 20:00:00 UTC", "daily");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Next elapse: Tue 2026-12-08 00:00:00 CET").contains("(in UTC): Mon 2026-12-07 23:00:00 UTC");
    }

    @Test
    void jobsListsTheDailyTierWithItsNextRunAndRunRecordsIt() {
        Result jobs = run("ops", "jobs");
        assertThat(jobs.code()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains("daily").contains("*-*-* 04:00").contains("2026-12-08T03:00:00Z");
        // The columns line up under their headings also past the longest name, secret-rotation (15 characters).
        java.util.List<String> lines = jobs.out().lines().filter(l -> l.startsWith("JOB") || l.startsWith("secret-rotation")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).indexOf("*-*-*")).isEqualTo(lines.get(0).indexOf("SCHEDULE"));

        Result ran = run("ops", "run", "daily");
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.out()).startsWith("daily: SUCCEEDED");

        Result runs = run("ops", "runs", "daily");
        assertThat(runs.out()).contains("daily SUCCEEDED manual");
        assertThat(Files.exists(dir.resolve("data"))).isTrue();
    }

    @Test
    void theSiemDigestIsAnOpsJobOnTheScheduleOfSiemDigestAt() throws Exception {
        Result jobs = run("ops", "jobs");
        assertThat(jobs.code()).as(jobs.err()).isZero();
        assertThat(jobs.out()).containsPattern("siem-digest +\\*-\\*-\\* 07:00:00 +true +PT10M +2026-12-08T06:00:00Z");

        Result ran = run("ops", "run", "siem-digest");
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.out()).startsWith("siem-digest: SUCCEEDED").contains("Security digest ").contains(": 0 alerts");

        Files.writeString(dir.resolve("data/clawdbot.yaml"), "siem:\n  digest: { at: \"18:30\" }\n");
        assertThat(run("ops", "jobs").out()).containsPattern("siem-digest +\\*-\\*-\\* 18:30:00 .*2026-12-08T17:30:00Z");
        Files.writeString(dir.resolve("data/clawdbot.yaml"), "siem:\n  digest: { enabled: false }\n");
        assertThat(run("ops", "jobs").out()).contains("daily").doesNotContain("siem-digest");
    }

    @Test
    void unknownJobsInTheConfigAreRefusedWithTheKey() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  jobs:\n    hourly-backup:\n      schedule: hourly\n");
        Result r = run("ops", "jobs");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("ops.jobs.hourly-backup: no such job");
    }

    @Test
    void secretsWithNoConfigurationInventoryTheGatewayTokenAndRecordRotations() {
        Result list = run("secrets", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("gateway.token").contains("annual").contains("2026-12-07*").contains("2027-12-07")
                .contains("never recorded");

        Result due = run("secrets", "due");
        assertThat(due.code()).isZero();
        assertThat(due.out()).doesNotContain("gateway.token");

        Result rotated = run("secrets", "rotated", "gateway.token");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("gateway.token: rotated 2026-12-07, next due 2027-12-07");
        assertThat(run("secrets", "list").out()).doesNotContain("never recorded");

        Result unknown = run("secrets", "rotated", "nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no secret named nope", "gateway.token");

        assertThat(run("secrets", "checklist", "gateway.token").out()).contains("clawdbot secrets rotated gateway.token");
    }

    @Test
    void configuredSecretsJoinTheInventoryWithTheirChecklistAndBadCadencesAreRefused() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/clawdbot.yaml"), """
                ops:
                  secrets:
                    - name: backup-s3-key
                      usedBy: restic backups
                      cadence: 10d
                      owner: alice
                      checklist: Update /etc/restic/env and run a test backup.
                """);
        Result due = run("secrets", "due");
        assertThat(due.code()).as(due.err()).isZero();
        assertThat(due.out()).contains("backup-s3-key").contains("DUE_SOON").contains("alice / restic backups")
                .doesNotContain("gateway.token");
        assertThat(run("secrets", "checklist", "backup-s3-key").out()).contains("Update /etc/restic/env and run a test backup.");

        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  secrets:\n    - name: k\n      cadence: weekly\n");
        Result bad = run("secrets", "list");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("ops.secrets.k.cadence");
    }

    @Test
    void theWatchdogIsAJobAndItsConfigIsReadFromYaml() throws Exception {
        Files.createDirectories(dir.resolve("data/sessions"));
        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  watchdog:\n    transcriptDirs: [ " + dir.resolve("data/sessions")
                + " ]\n    restart: [ /bin/true ]\n    quietPeriod: PT30S\n");
        Result jobs = run("ops", "jobs");
        assertThat(jobs.code()).as(jobs.err()).isZero();
        assertThat(jobs.out()).contains("watchdog").contains("*:0/5").contains("secret-rotation");
        Result ran = run("ops", "run", "watchdog");
        assertThat(ran.out()).as(ran.err()).startsWith("watchdog: SUCCEEDED");

        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  watchdog:\n    transcriptDirs: [ sessions ]\n");
        Result bad = run("ops", "jobs");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("ops.watchdog.transcriptDirs: sessions is not an absolute path");
    }

    @Test
    void theNewOpsKeysAreReadFromYamlAndTheWeeklyTierRunsFromTheCli() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path stale = Files.writeString(spool.resolve("stuck.json"), "{}");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(logs.resolve("gateway.log"), "x".repeat(2048));
        Files.writeString(dir.resolve("data/clawdbot.yaml"), """
                ops:
                  disk: { fullWithinDays: 7 }
                  containers: { socket: %s, timeout: PT2S, imageMaxAgeDays: 30 }
                  spool: { dirs: [ %s ], staleAfter: P3D }
                  logs: { dirs: [ %s ], rotateBytes: 1024, keepDays: 10 }
                  audit: { roots: [ %s ], top: 5, walkBudget: PT10S, worldWritablePaths: [ %s ] }
                  health: { maxBackupAge: PT48H, maxQueueDepth: 10, maxErrorsPerDay: 5 }
                  watchdog: { restartContainer: openclaw, checkStore: false }
                  adminReview: { tiers: [ weekly ] }
                  jobs: { weekly: { enabled: true } }
                """.formatted(dir.resolve("no-docker.sock"), spool, logs, dir, dir));
        Result ran = run("ops", "run", "weekly");
        assertThat(ran.out()).as(ran.err()).startsWith("weekly: SUCCEEDED");
        Result runs = run("ops", "runs", "weekly");
        assertThat(runs.out()).contains("no container engine (no socket at " + dir.resolve("no-docker.sock") + ")")
                .contains("1 file(s) untouched for over 3 days").contains("stuck.json")
                .contains("1 rotated, 0 compressed");
        assertThat(logs.resolve("gateway.log")).isEmptyFile();

        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  adminReview: { tiers: [ hourly ] }\n");
        Result bad = run("ops", "jobs");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("ops.adminReview.tiers: hourly is not a tier");
    }

    @Test
    void theHostSweepKeysAreReadFromYamlAndValidated() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  hostSweep: { parallel: 2, perHostTimeout: PT30S }\n");
        Result ok = run("ops", "jobs");
        assertThat(ok.code()).as(ok.err()).isZero();
        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  hostSweep: { parallel: 0 }\n");
        Result bad = run("ops", "jobs");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("ops.hostSweep.parallel must be 1..64, was 0");
        Files.writeString(dir.resolve("data/clawdbot.yaml"), "ops:\n  hostSweep: { perHostTimeout: PT2H }\n");
        assertThat(run("ops", "jobs").err()).contains("ops.hostSweep.perHostTimeout must be between 10s and 1h, was PT2H");
    }

    @Test
    void secretsRotatedVerifyChecksTheConfiguredBotTokenBeforeRecording() throws Exception {
        try (var telegram = new dev.clawdbot.testkit.telegram.FakeTelegramServer()) {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("data/clawdbot.yaml"), "telegram:\n  botToken: \"123:rotated\"\n  apiBaseUrl: " + telegram.baseUrl() + "\n");
            telegram.failNext("getMe", 401, "Unauthorized");
            Result refused = run("secrets", "rotated", "telegram.botToken", "--verify");
            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("verification failed: Telegram getMe: HTTP 401 Unauthorized").doesNotContain("123:rotated");
            Result ok = run("secrets", "rotated", "telegram.botToken", "--verify");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("telegram.botToken: verified: Telegram getMe: bot @");
            assertThat(telegram.calls("getMe")).extracting(c -> c.token()).containsExactly("123:rotated", "123:rotated");
        }
    }
}
