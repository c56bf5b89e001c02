package dev.clawdbot.ops.scheduler;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.ZoneInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpsSchedulerTest {
    @TempDir
    Path dir;

    private static CalendarAnalyzer calendar() {
        return new CalendarAnalyzer(ZoneInfo.utc());
    }

    private static OpsScheduler node(Database db, String name, Map<JobSpec, Job> jobs) {
        return new OpsScheduler(db, calendar(), jobs, name, Duration.ofMillis(100), Clock.systemUTC());
    }

    @Test
    void twoNodesOnOnePostgresRunEachDueRunExactlyOnce() throws Exception {
        try (Database db = Database.open(SharedPostgres.freshDatabase("ops", 6))) {
            AtomicInteger executions = new AtomicInteger();
            Map<JobSpec, Job> jobs = Map.of(new JobSpec("tick", "*:*:*", true, Duration.ZERO, Duration.ofSeconds(30)),
                    scheduledFor -> {
                        executions.incrementAndGet();
                        return List.of();
                    });
            try (OpsScheduler a = node(db, "node-a", jobs); OpsScheduler b = node(db, "node-b", jobs)) {
                a.start();
                b.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> finished(a, "tick") >= 6);
            }
            List<RunRecord> all = new RunLog(db).recent("tick", 1000);
            Map<Instant, Long> perElapse = all.stream().collect(Collectors.groupingBy(RunRecord::scheduledFor, Collectors.counting()));
            assertThat(perElapse.values()).as("runs per scheduled second").allMatch(n -> n == 1);
            assertThat(all).allMatch(r -> r.scheduledFor().getNano() == 0, "every run is on a whole second")
                    .extracting(RunRecord::outcome).isSubsetOf(RunOutcome.SUCCEEDED, RunOutcome.RUNNING);
            assertThat(executions.get()).isEqualTo(all.size());
        }
    }

    private static long finished(OpsScheduler s, String job) {
        return s.runs().recent(job, 1000).stream().filter(r -> r.outcome() == RunOutcome.SUCCEEDED).count();
    }

    @Test
    void aRunPastItsTimeoutIsInterruptedAndRecorded() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            CountDownLatch interrupted = new CountDownLatch(1);
            Map<JobSpec, Job> jobs = Map.of(new JobSpec("slow", "2199-01-01", true, Duration.ZERO, Duration.ofMillis(200)),
                    scheduledFor -> {
                        try {
                            Thread.sleep(Duration.ofMinutes(5));
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                        }
                        return List.of();
                    });
            try (OpsScheduler s = node(db, "n", jobs)) {
                assertThat(s.runNow("slow")).isEqualTo(RunOutcome.TIMED_OUT);
                assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
                RunRecord r = s.runs().recent("slow", 1).getFirst();
                assertThat(r.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
                assertThat(r.trigger()).isEqualTo("manual");
                assertThat(r.findings()).containsExactly("timed out after PT0.2S");
                assertThat(r.ended()).isNotNull();
            }
        }
    }

    @Test
    void aSecondRunWhileOneIsGoingIsSkippedAndTheSkipRecorded() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Map<JobSpec, Job> jobs = Map.of(new JobSpec("long", "2199-01-01", true, Duration.ZERO, Duration.ofMinutes(1)),
                    scheduledFor -> {
                        inside.countDown();
                        release.await();
                        return List.of("disk / at 91%");
                    });
            try (OpsScheduler s = node(db, "n", jobs)) {
                var first = Thread.ofVirtual().start(() -> s.runNow("long"));
                assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(s.runNow("long")).isEqualTo(RunOutcome.SKIPPED_OVERLAP);
                release.countDown();
                first.join();
                List<RunRecord> runs = s.runs().recent("long", 10);
                assertThat(runs).extracting(RunRecord::outcome)
                        .containsExactlyInAnyOrder(RunOutcome.SKIPPED_OVERLAP, RunOutcome.SUCCEEDED);
                assertThat(runs).filteredOn(r -> r.outcome() == RunOutcome.SUCCEEDED).singleElement()
                        .extracting(RunRecord::findings).isEqualTo(List.of("disk / at 91%"));
            }
        }
    }

    @Test
    void sqliteRunsScheduledJobsThroughTheSameCodePath() {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            Map<JobSpec, Job> jobs = Map.of(new JobSpec("tick", "*:*:*", true, Duration.ZERO, Duration.ofSeconds(30)),
                    scheduledFor -> List.of());
            try (OpsScheduler s = node(db, "n", jobs)) {
                s.start();
                await().atMost(Duration.ofSeconds(15)).until(() -> finished(s, "tick") >= 2);
            }
        }
    }

    @Test
    void nextRunFollowsTheCalendar() {
        try (Database db = Database.sqlite(dir.resolve("ops.db"));
             OpsScheduler s = node(db, "n", Map.of(new JobSpec("monthly", "*-*-15 03:00", true, null, null), t -> List.of()))) {
            assertThat(s.nextRun("monthly", Instant.parse("2026-12-07T20:00:00Z"))).isEqualTo(Instant.parse("2026-12-15T03:00:00Z"));
        }
    }

    /** Clawdbot was down over an elapse: persistent jobs run it once at start, the others record the skip. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void anElapseMissedWhileDownRunsOnceOnlyWhenPersistent(boolean persistent) throws Exception {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            AtomicInteger executions = new AtomicInteger();
            Map<JobSpec, Job> jobs = Map.of(new JobSpec("weekly", "2199-01-01", persistent, Duration.ZERO, Duration.ofMinutes(1)),
                    scheduledFor -> {
                        executions.incrementAndGet();
                        return List.of();
                    });
            try (OpsScheduler first = node(db, "n", jobs)) {
                first.start(); // stores the job's first execution (year 2199)
                await().atMost(Duration.ofSeconds(30)).until(() -> scheduledRows(db) == 1);
            }
            Instant missed = Instant.parse("2026-12-06T03:00:00Z");
            db.inTransaction(c -> {
                try (var ps = c.prepareStatement("UPDATE ops_scheduled_tasks SET execution_time = ?")) {
                    ps.setTimestamp(1, java.sql.Timestamp.from(missed), java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
                    return ps.executeUpdate();
                }
            });
            try (OpsScheduler second = node(db, "n", jobs)) {
                second.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> !second.runs().recent("weekly", 10).isEmpty()
                        && second.runs().recent("weekly", 10).getFirst().ended() != null);
                RunRecord r = second.runs().recent("weekly", 10).getFirst();
                assertThat(r.scheduledFor()).isEqualTo(missed);
                assertThat(r.outcome()).isEqualTo(persistent ? RunOutcome.SUCCEEDED : RunOutcome.SKIPPED_MISSED);
                assertThat(executions.get()).isEqualTo(persistent ? 1 : 0);
                assertThat(second.runs().recent("weekly", 10)).hasSize(1);
            }
        }
    }

    private static int scheduledRows(Database db) {
        return db.withConnection(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ops_scheduled_tasks")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
