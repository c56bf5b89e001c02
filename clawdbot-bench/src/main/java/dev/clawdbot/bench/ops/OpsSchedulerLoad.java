package dev.clawdbot.bench.ops;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.OpsConfig;
import dev.clawdbot.ops.OpsRole;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.ops.scheduler.Job;
import dev.clawdbot.ops.scheduler.JobSpec;
import dev.clawdbot.ops.scheduler.OpsScheduler;
import dev.clawdbot.ops.scheduler.RunOutcome;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ops scheduler's overhead and the daily tier's duration (docs/benchmarks.md), as a load driver:
 * <ol>
 *   <li>heap and threads of a scheduler with 1 job, then with N jobs (default 1,000; daily calendar jobs spread over
 *       an hour, none due during the run), on SQLite, after a full GC: the difference per 1,000 jobs;</li>
 *   <li>the process CPU time while the N-job scheduler idles (default 60 s, default 10 s polling), as a share of one core;</li>
 *   <li>the full daily tier run now ({@code OpsScheduler.runNow("daily")}, default config, real filesystems, /proc,
 *       systemctl, no container engine), 5 times.</li>
 * </ol>
 * Run: {@code java -cp <bench classpath> dev.clawdbot.bench.ops.OpsSchedulerLoad [jobs] [idleSeconds]}.
 */
public final class OpsSchedulerLoad {
    private OpsSchedulerLoad() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path dir = Files.createTempDirectory("ops-bench");
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            long[] one = measure(db, 1, 0);
            long[] many = measure(db, n, idle);
            double perThousand = (many[0] - one[0]) * 1000.0 / (n - 1) / (1 << 20);
            System.out.printf(Locale.ROOT, "heap after GC: 1 job %.1f MiB, %d jobs %.1f MiB => %.2f MiB per 1,000 jobs; threads %d -> %d%n",
                    one[0] / 1048576.0, n, many[0] / 1048576.0, perThousand, one[1], many[1]);
            System.out.printf(Locale.ROOT, "idle %d s with %d jobs: %.0f ms CPU = %.3f%% of one core%n", idle, n, many[2] / 1e6,
                    many[2] / 1e7 / idle);
        }
        try (Database db = Database.sqlite(dir.resolve("daily.db"))) {
            OpsRole role = new OpsRole(db, OpsConfig.defaults(), List.of(), notice -> { }, EventSink.NONE, ZoneInfo.utc(), Clock.systemUTC());
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                RunOutcome o = role.scheduler().runNow("daily");
                ms.add((System.nanoTime() - t0) / 1e6);
                if (o != RunOutcome.SUCCEEDED) throw new IllegalStateException("daily run " + o);
            }
            System.out.println("daily tier runs (ms): " + ms.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList());
            System.out.println("daily findings: " + role.scheduler().runs().recent("daily", 1).getFirst().findings());
            role.close();
        }
    }

    /** {heap bytes after GC, live threads, CPU nanoseconds while idle}. */
    private static long[] measure(Database db, int n, int idleSeconds) throws Exception {
        Map<JobSpec, Job> jobs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            jobs.put(new JobSpec("job-" + i, String.format(Locale.ROOT, "*-*-* 04:%02d:%02d", i % 60, (i / 60) % 60), true, Duration.ZERO,
                    Duration.ofMinutes(30)), scheduledFor -> List.of());
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (OpsScheduler s = new OpsScheduler(db, new CalendarAnalyzer(ZoneInfo.utc()), jobs, "bench", Duration.ofSeconds(10), Clock.systemUTC())) {
            s.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (tasks(db) < n && System.nanoTime() < deadline) Thread.sleep(100);
            Thread.sleep(2000);
            long heap = heapAfterGc();
            long threads = ManagementFactory.getThreadMXBean().getThreadCount();
            long cpu0 = os.getProcessCpuTime();
            Thread.sleep(idleSeconds * 1000L);
            long cpu = os.getProcessCpuTime() - cpu0;
            return new long[]{heap, threads, cpu};
        }
    }

    private static long tasks(Database db) {
        return db.withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ops_scheduled_tasks")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
