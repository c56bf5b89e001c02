package dev.clawdbot.ops.scheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.CalendarSpec;
import dev.clawdbot.ops.calendar.CalendarSyntaxException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the configured jobs on db-scheduler over Clawdbot's database (SQLite or PostgreSQL): each due run is
 * picked by exactly one node, a node that stops heart-beating has its run revived elsewhere, and every run is
 * recorded in {@link RunLog}. systemd semantics on top: persistent catch-up (db-scheduler runs an overdue
 * execution once), non-persistent jobs skip elapses missed while down, randomized delay, no overlap on a node,
 * and a per-job timeout.
 */
public final class OpsScheduler implements AutoCloseable {
    /** db-scheduler's table, in the ops namespace (V8_1__scheduler.sql). */
    static final String TABLE = "ops_scheduled_tasks";

    /** A job as the scheduler knows it: its spec, parsed schedule and work. */
    public record Entry(JobSpec spec, CalendarSpec calendar, Job job) {
    }

    private final Map<String, Entry> jobs = new LinkedHashMap<>();
    private final RunLog runs;
    private final CalendarAnalyzer calendar;
    private final Clock clock;
    private final String node;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Scheduler scheduler;
    private volatile Instant startedAt;

    /**
     * @param node      this process's name in the cluster (shown in runs; db-scheduler's picked_by)
     * @param polling   how often due runs are looked for (db-scheduler's polling interval)
     */
    public OpsScheduler(Database db, CalendarAnalyzer calendar, Map<JobSpec, Job> configured, String node,
                        Duration polling, Clock clock) {
        this(db, calendar, configured, node, polling, HEARTBEAT, clock);
    }

    /**
     * Every 10 s each node heart-beats the runs it holds; after 6 missed beats (60 s) another node declares a run
     * dead, marks its row ABANDONED and runs the job again.
     */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /**
     * Executor threads: one per job up to 16 (a thread per job of a 1,000-job config was 1,000 idle platform
     * threads); beyond that, due runs wait for a free thread.
     */
    static final int MAX_THREADS = 16;

    /** @param heartbeat how often a node proves it is alive (tests shorten it) */
    OpsScheduler(Database db, CalendarAnalyzer calendar, Map<JobSpec, Job> configured, String node,
                 Duration polling, Duration heartbeat, Clock clock) {
        this.runs = new RunLog(db);
        this.calendar = calendar;
        this.clock = clock;
        this.node = node;
        List<RecurringTask<Void>> tasks = new ArrayList<>();
        for (var e : configured.entrySet()) {
            JobSpec spec = e.getKey();
            CalendarSpec parsed;
            try {
                parsed = calendar.parse(spec.schedule());
            } catch (CalendarSyntaxException ex) {
                throw new IllegalArgumentException("job " + spec.name() + ": schedule '" + spec.schedule() + "': " + ex.getMessage(), ex);
            }
            Entry entry = new Entry(spec, parsed, e.getValue());
            jobs.put(spec.name(), entry);
            tasks.add(Tasks.recurring(spec.name(), new CalendarSchedule(calendar, parsed, spec.randomizedDelay()))
                    .onDeadExecution((DeadExecutionHandler<Void>) (complete, ops) -> {
                        String dead = complete.getExecution().pickedBy;
                        runs.abandon(spec.name(), dead, clock.instant(), "node " + dead + " stopped heart-beating during this run; "
                                + "revived on " + node);
                        new DeadExecutionHandler.ReviveDeadExecution<Void>().deadExecution(complete, ops);
                    })
                    .execute((instance, ctx) -> scheduled(entry, ctx.getExecution().executionTime)));
        }
        SchedulerBuilder builder = new SchedulerBuilder(db.dataSource(), List.of());
        if (db.dialect() == Database.Dialect.SQLITE) builder.jdbcCustomization(new SqliteJdbcCustomization());
        this.scheduler = builder
                .startTasks(tasks)
                .tableName(TABLE)
                .schedulerName(new SchedulerName.Fixed(node))
                .pollingInterval(polling)
                .heartbeatInterval(heartbeat)
                .threads(Math.max(2, Math.min(MAX_THREADS, tasks.size())))
                .build();
    }

    public void start() {
        startedAt = clock.instant();
        // This node is starting: whatever it left RUNNING died with its previous process (kill -9, power loss).
        int n = runs.abandon(null, node, startedAt, "node " + node + " restarted while this run was going (killed or crashed)");
        if (n > 0) org.slf4j.LoggerFactory.getLogger(OpsScheduler.class).warn("ops: {} run(s) of node {} were left RUNNING by its previous process; marked ABANDONED", n, node);
        scheduler.start();
    }

    public Map<String, Entry> jobs() {
        return Map.copyOf(jobs);
    }

    public RunLog runs() {
        return runs;
    }

    /** The next run of each job after {@code after}, by the job's calendar (without random delay). */
    public Instant nextRun(String job, Instant after) {
        Entry e = jobs.get(job);
        if (e == null) throw new IllegalArgumentException("no such job: " + job);
        return new CalendarSchedule(calendar, e.calendar(), Duration.ZERO).next(after);
    }

    /** Runs {@code job} now on this node, recorded as a manual run; returns how it ended. */
    public RunOutcome runNow(String job) {
        Entry e = jobs.get(job);
        if (e == null) throw new IllegalArgumentException("no such job: " + job + " (jobs: " + String.join(", ", jobs.keySet()) + ")");
        return execute(e, clock.instant(), "manual");
    }

    private void scheduled(Entry e, Instant scheduledFor) {
        Instant start = startedAt;
        if (!e.spec().persistent() && start != null && scheduledFor.isBefore(start)) {
            runs.skipped(e.spec().name(), scheduledFor, clock.instant(), "timer", node, RunOutcome.SKIPPED_MISSED,
                    "elapsed at " + scheduledFor + " while Clawdbot was down; the job is not persistent");
            return;
        }
        execute(e, scheduledFor, "timer");
    }

    private RunOutcome execute(Entry e, Instant scheduledFor, String trigger) {
        String name = e.spec().name();
        if (!running.add(name)) {
            runs.skipped(name, scheduledFor, clock.instant(), trigger, node, RunOutcome.SKIPPED_OVERLAP,
                    "the previous run was still going");
            return RunOutcome.SKIPPED_OVERLAP;
        }
        try {
            long id = runs.start(name, scheduledFor, clock.instant(), trigger, node);
            FutureTask<List<String>> task = new FutureTask<>(() -> e.job().run(scheduledFor));
            Thread.ofVirtual().name("ops-job-" + name).start(task);
            RunOutcome outcome;
            List<String> findings;
            try {
                findings = get(task, e.spec().timeout());
                outcome = RunOutcome.SUCCEEDED;
            } catch (TimeoutException ex) {
                task.cancel(true);
                findings = List.of("timed out after " + e.spec().timeout());
                outcome = RunOutcome.TIMED_OUT;
            } catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                findings = List.of("failed: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
                outcome = RunOutcome.FAILED;
            } catch (InterruptedException ex) {
                task.cancel(true);
                Thread.currentThread().interrupt();
                findings = List.of("interrupted: Clawdbot is stopping");
                outcome = RunOutcome.FAILED;
            }
            runs.finish(id, clock.instant(), outcome, findings == null ? List.of() : findings);
            return outcome;
        } finally {
            running.remove(name);
        }
    }

    private static List<String> get(Future<List<String>> f, Duration timeout)
            throws TimeoutException, ExecutionException, InterruptedException {
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
