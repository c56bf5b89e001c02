package dev.clawdbot.ops.checks;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.ops.scheduler.Job;
import dev.clawdbot.ops.scheduler.JobSpec;
import dev.clawdbot.ops.scheduler.OpsScheduler;
import dev.clawdbot.ops.scheduler.RunLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WatchdogRepairsTest {
    @TempDir
    Path dir;

    @Test
    void theDailyReportListsTheWatchdogRunsThatRepairedSomething() {
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            Deque<List<String>> rounds = new ArrayDeque<>(List.of(List.of(),
                    List.of("backed up /t/s1.jsonl to /t/s1.jsonl.bak-20261207T030000Z", "cut torn tail of /t/s1.jsonl", "restarted: /usr/bin/systemctl restart openclaw"),
                    List.of("WARNING db:main:telegram:42#1: invalid turn")));
            Job watchdog = scheduledFor -> rounds.pop();
            try (OpsScheduler s = new OpsScheduler(db, new CalendarAnalyzer(ZoneInfo.utc()),
                    Map.of(new JobSpec("watchdog", "*:0/5", true, Duration.ZERO, Duration.ofMinutes(1)), watchdog), "n", Duration.ofSeconds(10),
                    Clock.systemUTC())) {
                for (int i = 0; i < 3; i++) s.runNow("watchdog");
            }
            List<Finding> f = new WatchdogRepairs(new RunLog(db), Clock.systemUTC()).check();
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Finding.Severity.WARNING);
                assertThat(x.message()).isEqualTo("backed up /t/s1.jsonl to /t/s1.jsonl.bak-20261207T030000Z; cut torn tail of /t/s1.jsonl; "
                        + "restarted: /usr/bin/systemctl restart openclaw");
            });
            assertThat(new WatchdogRepairs(new RunLog(db), Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC)).check()).isEmpty();
        }
    }
}
