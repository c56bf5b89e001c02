package dev.clawdbot.ops;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.role.Role;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.ops.checks.DailyTier;
import dev.clawdbot.ops.checks.DatabaseMaintenance;
import dev.clawdbot.ops.checks.Accounts;
import dev.clawdbot.ops.checks.ActionRequests;
import dev.clawdbot.ops.checks.AdminReview;
import dev.clawdbot.ops.checks.AppHealth;
import dev.clawdbot.ops.checks.DiskGrowth;
import dev.clawdbot.ops.checks.DiskBreakdown;
import dev.clawdbot.ops.checks.ListeningPorts;
import dev.clawdbot.ops.checks.PackageDiff;
import dev.clawdbot.ops.checks.SnapshotStore;
import dev.clawdbot.ops.checks.SshdSettings;
import dev.clawdbot.ops.checks.WatchdogRepairs;
import dev.clawdbot.ops.checks.WorldWritable;
import dev.clawdbot.ops.checks.AptUpdates;
import dev.clawdbot.ops.checks.ContainerAudit;
import dev.clawdbot.ops.checks.ContainerHealth;
import dev.clawdbot.ops.checks.ContainerHousekeeping;
import dev.clawdbot.ops.checks.CommandRunner;
import dev.clawdbot.ops.checks.DiskCheck;
import dev.clawdbot.ops.checks.FailedUnits;
import dev.clawdbot.ops.checks.HostSweep;
import dev.clawdbot.ops.checks.RemoteProbe;
import dev.clawdbot.ops.checks.Finding;
import dev.clawdbot.ops.checks.LogRotation;
import dev.clawdbot.ops.checks.OrphanedSandboxes;
import dev.clawdbot.ops.checks.StaleFiles;
import dev.clawdbot.ops.checks.MemoryCheck;
import dev.clawdbot.ops.checks.MonthlyTier;
import dev.clawdbot.ops.checks.TlsExpiry;
import dev.clawdbot.ops.checks.UptimeLoad;
import dev.clawdbot.ops.checks.WeeklyTier;
import dev.clawdbot.ops.engine.Engine;
import dev.clawdbot.ops.engine.EngineClient;
import dev.clawdbot.ops.scheduler.Job;
import dev.clawdbot.ops.scheduler.JobSpec;
import dev.clawdbot.ops.scheduler.OpsScheduler;
import dev.clawdbot.ops.secrets.Inventory;
import dev.clawdbot.ops.secrets.RotationReminders;
import dev.clawdbot.ops.secrets.RotationStore;
import dev.clawdbot.ops.watchdog.SessionWatchdog;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The {@code ops} role: the scheduler and the jobs configured in {@code ops:}. */
public final class OpsRole implements Role {
    private final OpsScheduler scheduler;
    private final Inventory inventory;
    private final boolean enabled;
    private volatile boolean started;

    /**
     * @param zone       the local zone the schedules are in (from {@code TZ}, as systemd's)
     * @param heldSecrets the config keys of the secrets Clawdbot holds, for the rotation inventory
     */
    public OpsRole(Database db, OpsConfig config, List<String> heldSecrets, OperatorNotifier notifier, EventSink events,
                   ZoneInfo zone, Clock clock) {
        this(db, config, heldSecrets, notifier, events, zone, clock, Seams.NONE);
    }

    /**
     * What the app wiring fills in for the checks that reach into the rest of Clawdbot.
     *
     * @param requests  where consequential actions (pruning) are filed for the operator: the broker's spool
     * @param sandboxGc the sandbox module's orphan collector ({@code clawdbot sandbox gc}); null: no sandbox
     * @param spoolDirs Clawdbot's own spool directories (the broker's), checked for stale files with {@code ops.spool.dirs}
     * @param logDirs   Clawdbot's own log directories (the event log's), rotated with {@code ops.logs.dirs}
     * @param appHealth Clawdbot's own health (breakers, queue depths, last backup, event-log errors) as findings
     * @param adminRunner starts an admin-agent run (timer profile) for {@code ops.adminReview}; null: no review
     * @param jobs      jobs other modules hand to this scheduler (the siem's {@code siem-digest}), each with its own
     *                  spec; scheduled after the configured ones. A name already taken is refused.
     * @param remote    the tiers' checks on the managed hosts ({@code hosts:}, over the fleet's SSH layer); null: none
     */
    public record Seams(ActionRequests requests, Callable<Integer> sandboxGc, List<Path> spoolDirs, List<Path> logDirs,
                        Supplier<List<Finding>> appHealth, AdminReview.Runner adminRunner, Map<JobSpec, Job> jobs,
                        RemoteProbe remote) {
        public static final Seams NONE = new Seams(ActionRequests.NONE, null, List.of(), List.of(), List::of, null);

        public Seams {
            requests = requests == null ? ActionRequests.NONE : requests;
            spoolDirs = spoolDirs == null ? List.of() : List.copyOf(spoolDirs);
            logDirs = logDirs == null ? List.of() : List.copyOf(logDirs);
            appHealth = appHealth == null ? List::of : appHealth;
            remote = remote == null ? RemoteProbe.NONE : remote;
            jobs = jobs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
        }

        public Seams(ActionRequests requests, Callable<Integer> sandboxGc, List<Path> spoolDirs, List<Path> logDirs,
                     Supplier<List<Finding>> appHealth, AdminReview.Runner adminRunner) {
            this(requests, sandboxGc, spoolDirs, logDirs, appHealth, adminRunner, Map.of(), null);
        }

        /** These seams with {@code more} jobs added after the ones already handed over. */
        public Seams withJobs(Map<JobSpec, Job> more) {
            Map<JobSpec, Job> all = new LinkedHashMap<>(jobs);
            all.putAll(more);
            return new Seams(requests, sandboxGc, spoolDirs, logDirs, appHealth, adminRunner, all, remote);
        }
    }

    public OpsRole(Database db, OpsConfig config, List<String> heldSecrets, OperatorNotifier notifier, EventSink events,
                   ZoneInfo zone, Clock clock, Seams seams) {
        this.enabled = config.enabled();
        RotationStore rotations = new RotationStore(db);
        this.inventory = new Inventory(config.secrets(), heldSecrets, rotations, clock);
        this.scheduler = new OpsScheduler(db, new CalendarAnalyzer(zone),
                jobs(db, config, new RotationReminders(inventory, rotations, notifier, clock),
                        new SessionWatchdog(config.watchdog(), db, engine(config), notifier, events, clock), notifier, seams, clock), config.node(),
                config.pollInterval(), clock);
    }

    static Map<JobSpec, Job> jobs(Database db, OpsConfig config, Job secretRotation, Job watchdog, OperatorNotifier notifier, Seams seams,
                                  Clock clock) {
        Map<JobSpec, Job> jobs = new LinkedHashMap<>();
        Engine engine = engine(config);
        HostSweep hosts = new HostSweep(seams.remote(), config.hostSweep().parallel(), config.hostSweep().perHostTimeout());
        config.jobs().forEach((name, j) -> {
            if (!j.enabled()) return;
            JobSpec spec = new JobSpec(name, j.schedule(), j.persistent(), j.randomizedDelay(), j.timeout());
            Job job = switch (name) {
                case "daily" -> new DailyTier(new DiskCheck(config.disk().warnPercent(), config.disk().criticalPercent()),
                        () -> FileSystems.getDefault().getFileStores(), new DiskGrowth(new SnapshotStore(db), config.disk().fullWithinDays(), clock),
                        new MemoryCheck(config.memory().minAvailablePercent(), config.memory().maxSwapUsedPercent()),
                        () -> proc("/proc/meminfo"),
                        List.of(new FailedUnits(new CommandRunner(List.of(FailedUnits.ARGV), Duration.ofSeconds(30), OpsRole::audit),
                                Path.of("/run/systemd/system"))::check,
                                () -> new TlsExpiry(config.tls().warnDays(), config.tls().criticalDays(), Duration.ofSeconds(10), clock)
                                        .check(config.tls().endpoints()),
                                new ContainerHealth(engine)::check,
                                new WatchdogRepairs(new dev.clawdbot.ops.scheduler.RunLog(db), clock)::check,
                                new AppHealth(db, config.health().backupMarker(), config.health().maxBackupAge(), config.health().maxQueueDepth(),
                                        config.health().maxErrorsPerDay(), seams.appHealth(), clock)::check), hosts, config.node(), notifier, clock);
                case "weekly" -> new WeeklyTier(List.of(
                        new AptUpdates(new CommandRunner(List.of(AptUpdates.ARGV), Duration.ofMinutes(5), OpsRole::audit))::check,
                        new ContainerHousekeeping(engine, config.containers().imageMaxAgeDays(), seams.requests(), clock)::check,
                        new OrphanedSandboxes(seams.sandboxGc())::check,
                        () -> new StaleFiles(config.spool().staleAfter(), clock).check(concat(seams.spoolDirs(), config.spool().dirs())),
                        () -> new LogRotation(config.logs().rotateBytes(), config.logs().keepDays(), clock)
                                .check(concat(seams.logDirs(), config.logs().dirs()))),
                        hosts, config.node(), notifier, clock);
                case "monthly" -> new MonthlyTier(db, new DatabaseMaintenance(j.timeout().dividedBy(2)),
                        new UptimeLoad(Runtime.getRuntime().availableProcessors()), () -> proc("/proc/uptime"),
                        () -> proc("/proc/loadavg"), List.of(new ContainerAudit(engine)::check,
                        () -> new DiskBreakdown(config.audit().top(), config.audit().walkBudget()).check(config.audit().roots()),
                        new ListeningPorts(Path.of("/proc"))::check,
                        new SshdSettings(new CommandRunner(List.of(SshdSettings.ARGV), Duration.ofSeconds(30), OpsRole::audit))::check,
                        new Accounts(Path.of("/etc"))::check,
                        () -> new WorldWritable(config.audit().walkBudget()).check(config.audit().worldWritablePaths()),
                        new PackageDiff(new CommandRunner(List.of(PackageDiff.ARGV), Duration.ofMinutes(1), OpsRole::audit),
                                new SnapshotStore(db), clock)::check), hosts, config.node(), notifier, clock);
                case "secret-rotation" -> secretRotation;
                case "watchdog" -> watchdog;
                default -> throw new IllegalStateException("no implementation for job " + name);
            };
            if (seams.adminRunner() != null && config.adminReview().tiers().contains(name)) {
                Job tier = job;
                AdminReview review = new AdminReview(seams.adminRunner(), seams.requests());
                job = scheduledFor -> {
                    List<String> lines = new java.util.ArrayList<>(tier.run(scheduledFor));
                    lines.addAll(review.review(name, lines));
                    return lines;
                };
            }
            jobs.put(spec, job);
        });
        seams.jobs().forEach((spec, job) -> {
            if (jobs.keySet().stream().anyMatch(s -> s.name().equals(spec.name()))) {
                throw new IllegalArgumentException("job " + spec.name() + " is scheduled twice (a module's job under a name already taken)");
            }
            jobs.put(spec, job);
        });
        return jobs;
    }

    private static Engine engine(OpsConfig config) {
        return new Engine(new EngineClient(config.containers().socket(), config.containers().timeout(), EngineClient.DEFAULT_MAX_BODY));
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
    }

    /** Every host command a check ran, in the log (argv, exit code, duration). */
    private static void audit(CommandRunner.Audit a) {
        org.slf4j.LoggerFactory.getLogger(OpsRole.class).info("ops command {} exited {} after {} ms", a.argv(), a.exitCode(), a.took().toMillis());
    }

    /** A /proc file's text, or "" when it cannot be read (the checks report missing fields). */
    private static String proc(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }

    public Inventory secrets() {
        return inventory;
    }

    public OpsScheduler scheduler() {
        return scheduler;
    }

    @Override
    public String name() {
        return "ops";
    }

    @Override
    public void start() {
        if (!enabled) return;
        scheduler.start();
        started = true;
    }

    @Override
    public List<String> problems() {
        return enabled && !started ? List.of("ops: scheduler not started") : List.of();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
