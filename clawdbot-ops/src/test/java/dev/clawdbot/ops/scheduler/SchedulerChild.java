package dev.clawdbot.ops.scheduler;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.ZoneInfo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A scheduler node in its own JVM, for {@link KillDuringJobTest}: runs job {@code slow} (every second, each run
 * sleeping 10 minutes) on the SQLite file {@code args[0]} as node {@code args[1]} until it is killed.
 */
public final class SchedulerChild {
    private SchedulerChild() {
    }

    public static void main(String[] args) throws Exception {
        Database db = Database.sqlite(Path.of(args[0]));
        Map<JobSpec, Job> jobs = Map.of(new JobSpec("slow", "*:*:*", true, Duration.ZERO, Duration.ofMinutes(30)), scheduledFor -> {
            Thread.sleep(Duration.ofMinutes(10));
            return List.of();
        });
        OpsScheduler s = new OpsScheduler(db, new CalendarAnalyzer(ZoneInfo.utc()), jobs, args[1], Duration.ofMillis(100),
                KillDuringJobTest.HEARTBEAT, Clock.systemUTC());
        s.start();
        System.out.println("started");
        System.out.flush();
        Thread.currentThread().join();
    }
}
