package dev.clawdbot.ops;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.ops.scheduler.Job;
import dev.clawdbot.ops.scheduler.JobSpec;
import dev.clawdbot.ops.scheduler.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Jobs another module hands to the ops scheduler through {@link OpsRole.Seams#jobs()} (the siem's digest). */
class SeamsJobsTest {

    @TempDir
    Path dir;

    private static OpsConfig allBuiltInsOff() {
        OpsConfig.JobConfig off = new OpsConfig.JobConfig(null, null, null, null, false);
        return new OpsConfig(null, "n1", Duration.ofMillis(100), null, null,
                Map.of("daily", off, "weekly", off, "monthly", off, "secret-rotation", off, "watchdog", off),
                null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aHandedOverJobIsListedAndRunsOnItsSchedule() {
        AtomicInteger runs = new AtomicInteger();
        Job job = scheduledFor -> List.of("ran for " + scheduledFor + " #" + runs.incrementAndGet());
        OpsRole.Seams seams = OpsRole.Seams.NONE.withJobs(Map.of(new JobSpec("module-job", "*:*:*", false, null, Duration.ofSeconds(5)), job));
        try (Database db = Database.sqlite(dir.resolve("ops.db"));
             OpsRole role = new OpsRole(db, allBuiltInsOff(), List.of(), n -> { }, e -> { }, ZoneInfo.fromEnvironment(Map.of("TZ", "UTC")),
                     Clock.systemUTC(), seams)) {
            assertThat(role.scheduler().jobs()).containsOnlyKeys("module-job");
            role.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> role.scheduler().runs().recent("module-job", 10).stream()
                    .anyMatch(r -> r.outcome() == RunOutcome.SUCCEEDED && r.findings().getFirst().startsWith("ran for ")));
        }
    }

    @Test
    void oneNameScheduledTwiceIsRefused() {
        Map<JobSpec, Job> twice = new LinkedHashMap<>();
        twice.put(new JobSpec("module-job", "daily", true, null, null), t -> List.of());
        twice.put(new JobSpec("module-job", "hourly", true, null, null), t -> List.of());
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            assertThatThrownBy(() -> new OpsRole(db, allBuiltInsOff(), List.of(), n -> { }, e -> { }, ZoneInfo.fromEnvironment(Map.of("TZ", "UTC")),
                    Clock.systemUTC(), OpsRole.Seams.NONE.withJobs(twice)))
                    .hasMessage("job module-job is scheduled twice (a module's job under a name already taken)");
        }
    }
}
