package dev.clawdbot.ops.scheduler;

import dev.clawdbot.core.storage.Database;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 of a node in the middle of a job: the run is detected as dead, marked ABANDONED and the job runs again. */
class KillDuringJobTest {
    /** Shortened from 10 s so the dead node is declared dead after 6 missed beats = 3 s. */
    static final Duration HEARTBEAT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private static Process child(Path db, String node) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SchedulerChild.class.getName(), db.toString(), node)
                .redirectErrorStream(true).redirectOutput(db.resolveSibling(node + ".log").toFile()).start();
    }

    private static List<RunRecord> runs(Database db, RunOutcome outcome) {
        return new RunLog(db).recent("slow", 1000).stream().filter(r -> r.outcome() == outcome).toList();
    }

    @Test
    void anotherNodeRevivesTheRunOfANodeKilledMidJobAndMarksItAbandoned() throws Exception {
        Path file = dir.resolve("ops.db");
        try (Database db = Database.sqlite(file)) {
            Process a = child(file, "node-a");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !runs(db, RunOutcome.RUNNING).isEmpty());
            } finally {
                a.destroyForcibly(); // SIGKILL: no shutdown hook, no heartbeat, the row stays RUNNING
                assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            RunRecord killed = runs(db, RunOutcome.RUNNING).getFirst();
            assertThat(killed.node()).isEqualTo("node-a");

            AtomicInteger reruns = new AtomicInteger();
            Map<JobSpec, Job> jobs = Map.of(new JobSpec("slow", "*-*-* 00:00:00", true, Duration.ZERO, Duration.ofMinutes(1)), scheduledFor -> {
                reruns.incrementAndGet();
                return List.of("ran again");
            });
            Instant before = Instant.now();
            try (OpsScheduler b = new OpsScheduler(db, new CalendarAnalyzer(ZoneInfo.utc()), jobs, "node-b", Duration.ofMillis(100), HEARTBEAT,
                    Clock.systemUTC())) {
                b.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> reruns.get() >= 1 && !runs(db, RunOutcome.SUCCEEDED).isEmpty());
            }
            RunRecord abandoned = new RunLog(db).recent("slow", 1000).stream().filter(r -> r.id() == killed.id()).findFirst().orElseThrow();
            assertThat(abandoned.outcome()).isEqualTo(RunOutcome.ABANDONED);
            assertThat(abandoned.findings()).singleElement().asString().isEqualTo("node node-a stopped heart-beating during this run; revived on node-b");
            assertThat(runs(db, RunOutcome.SUCCEEDED)).singleElement().satisfies(r -> {
                assertThat(r.node()).isEqualTo("node-b");
                assertThat(r.started()).isAfterOrEqualTo(before);
            });
            assertThat(runs(db, RunOutcome.RUNNING)).isEmpty();
        }
    }

    @Test
    void aNodeThatRestartsMarksWhatItsPreviousProcessLeftRunning() {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            RunLog log = new RunLog(db);
            long id = log.start("slow", Instant.parse("2026-12-07T04:00:00Z"), Instant.parse("2026-12-07T04:00:01Z"), "timer", "node-a");
            log.start("slow", Instant.parse("2026-12-07T04:00:00Z").plusSeconds(5), Instant.parse("2026-12-07T04:00:06Z"), "timer", "node-b");
            Map<JobSpec, Job> jobs = Map.of(new JobSpec("slow", "*-*-* 00:00:00", true, Duration.ZERO, Duration.ofMinutes(1)), s -> List.of());
            try (OpsScheduler a = new OpsScheduler(db, new CalendarAnalyzer(ZoneInfo.utc()), jobs, "node-a", Duration.ofMillis(100), Clock.systemUTC())) {
                a.start();
            }
            List<RunRecord> all = log.recent("slow", 10);
            assertThat(all).filteredOn(r -> r.id() == id).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(RunOutcome.ABANDONED);
                assertThat(r.findings()).containsExactly("node node-a restarted while this run was going (killed or crashed)");
            });
            assertThat(all).filteredOn(r -> r.node().equals("node-b")).singleElement().extracting(RunRecord::outcome).isEqualTo(RunOutcome.RUNNING);
        }
    }
}
