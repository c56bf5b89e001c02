package dev.clawdbot.ops.watchdog;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.OpsConfig;
import dev.clawdbot.ops.OpsRole;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.ops.scheduler.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watchdog job scheduled by the running ops role: a corrupted transcript appearing is repaired in a later round. */
class WatchdogRoleTest {
    @TempDir
    Path dir;

    @Test
    void aCorruptedTranscriptAppearingWhileTheRoleRunsIsRepairedOnceAndTheHookCalledOnce() throws Exception {
        Path transcripts = Files.createDirectories(dir.resolve("sessions"));
        Path hookLog = dir.resolve("hook.log");
        OpsConfig.JobConfig off = new OpsConfig.JobConfig(null, null, null, null, false);
        OpsConfig config = new OpsConfig(null, "n1", Duration.ofMillis(100), null, null,
                Map.of("daily", off, "weekly", off, "monthly", off, "secret-rotation", off, "watchdog", new OpsConfig.JobConfig("*:*:*", false, null, null, null)),
                null, new WatchdogConfig(List.of(transcripts), Duration.ofSeconds(30),
                List.of("/bin/sh", "-c", "echo restarted >> '" + hookLog + "'"), null), null, null, null, null, null, null, null);
        List<Event> events = new CopyOnWriteArrayList<>();
        try (Database db = Database.sqlite(dir.resolve("ops.db"));
             OpsRole role = new OpsRole(db, config, List.of(), notice -> { }, events::add, ZoneInfo.fromEnvironment(Map.of("TZ", "UTC")),
                     Clock.systemUTC())) {
            role.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(role) >= 1);

            Path file = transcripts.resolve("s.jsonl");
            Files.writeString(file, SessionWatchdogTest.GOOD + SessionWatchdogTest.TORN);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));

            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(hookLog));
            assertThat(Files.readString(file)).isEqualTo(SessionWatchdogTest.GOOD);
            long after = succeeded(role);
            await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(role) >= after + 2);
            assertThat(Files.readAllLines(hookLog)).containsExactly("restarted");
            assertThat(events).extracting(Event::type).containsExactly("ops.watchdog.repaired", "ops.watchdog.restart");
        }
    }

    private static long succeeded(OpsRole role) {
        return role.scheduler().runs().recent("watchdog", 1000).stream().filter(r -> r.outcome() == RunOutcome.SUCCEEDED).count();
    }
}
