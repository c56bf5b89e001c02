package dev.clawdbot.ops.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.ops.OpsRole;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.CalendarSyntaxException;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.ops.scheduler.OpsScheduler;
import dev.clawdbot.ops.scheduler.RunOutcome;
import dev.clawdbot.ops.scheduler.RunRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code clawdbot ops}: the operations engine's commands. */
@Command(name = "ops", description = "Scheduled operations: calendar events, jobs and their runs.",
        mixinStandardHelpOptions = true)
public final class OpsCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    private final Supplier<Opened<OpsRole>> ops;
    private final Clock clock;

    private OpsCommand(Supplier<Opened<OpsRole>> ops, Clock clock) {
        this.ops = ops;
        this.clock = clock;
    }

    /**
     * The command tree; {@code env} supplies {@code TZ} as the C library would read it, {@code ops} opens the
     * scheduler over the configured database (only the job commands call it, and close it, database pool included,
     * when they end).
     */
    public static CommandLine commandLine(Map<String, String> env, Clock clock, Supplier<Opened<OpsRole>> ops) {
        CommandLine cl = new CommandLine(new OpsCommand(ops, clock));
        cl.addSubcommand("calendar", new Calendar(env, clock));
        return cl;
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "List the jobs with their schedules and next runs.")
    int jobs() {
        try (Opened<OpsRole> open = ops.get()) {
            OpsRole role = open.get();
            OpsScheduler s = role.scheduler();
            PrintWriter out = spec.commandLine().getOut();
            if (s.jobs().isEmpty()) {
                out.println("no jobs");
                out.flush();
                return 0;
            }
            // The name column fits the longest name ("secret-rotation" is 15), so the columns stay aligned.
            int width = s.jobs().values().stream().mapToInt(e -> e.spec().name().length()).max().orElse(0);
            String row = "%-" + Math.max(12, width) + "s %-32s %-10s %-9s %s%n";
            out.printf(row, "JOB", "SCHEDULE", "PERSISTENT", "TIMEOUT", "NEXT RUN");
            s.jobs().values().stream().sorted(java.util.Comparator.comparing(e -> e.spec().name())).forEach(e ->
                    out.printf(row, e.spec().name(), e.spec().schedule(), e.spec().persistent(),
                            e.spec().timeout(), s.nextRun(e.spec().name(), clock.instant())));
            out.flush();
            return 0;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Show recorded runs, newest first.")
    int runs(@Parameters(arity = "0..1", paramLabel = "JOB", description = "Only this job's runs.") String job,
             @Option(names = "--limit", defaultValue = "20", description = "At most this many (default ${DEFAULT-VALUE}).") int limit) {
        try (Opened<OpsRole> open = ops.get()) {
            OpsRole role = open.get();
            PrintWriter out = spec.commandLine().getOut();
            List<RunRecord> runs = role.scheduler().runs().recent(job, Math.max(1, limit));
            if (runs.isEmpty()) out.println(job == null ? "no runs" : "no runs of " + job);
            for (RunRecord r : runs) {
                out.printf("#%d %s %s %s scheduled %s started %s ended %s on %s%n", r.id(), r.job(), r.outcome(),
                        r.trigger(), r.scheduledFor(), r.started(), r.ended() == null ? "-" : r.ended(), r.node());
                r.findings().forEach(f -> out.println("    " + f));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one job now and show how it ended.")
    int run(@Parameters(paramLabel = "JOB") String job) {
        try (Opened<OpsRole> open = ops.get()) {
            OpsRole role = open.get();
            RunOutcome outcome = role.scheduler().runNow(job);
            PrintWriter out = spec.commandLine().getOut();
            out.println(job + ": " + outcome);
            role.scheduler().runs().recent(job, 1).forEach(r -> r.findings().forEach(f -> out.println("    " + f)));
            out.flush();
            return outcome == RunOutcome.SUCCEEDED ? 0 : 1;
        }
    }

    @Command(name = "calendar", mixinStandardHelpOptions = true,
            description = {"Normalise systemd calendar events and show when they next elapse, exactly as "
                    + "'systemd-analyze calendar' does (the local zone comes from TZ).",
                    "Exit code 1 when any SPEC is refused."})
    static final class Calendar implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "1",
                description = "How many elapses to show per spec (default ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--base-time", paramLabel = "TIME",
                description = "Compute elapses after TIME instead of now: @SECONDS, 'YYYY-MM-DD HH:MM[:SS] [UTC|ZONE]' or now.")
        String baseTime;

        @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Calendar events, e.g. 'Mon..Fri 09:00 Europe/Amsterdam'.")
        List<String> specs;

        private final Map<String, String> env;
        private final Clock clock;

        Calendar(Map<String, String> env, Clock clock) {
            this.env = env;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            if (iterations < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--iterations must be 0 or more");
            CalendarAnalyzer analyzer = new CalendarAnalyzer(ZoneInfo.fromEnvironment(env));
            Instant nowInstant = clock.instant();
            long now = ChronoUnit.MICROS.between(Instant.EPOCH, nowInstant);
            long base = now;
            if (baseTime != null) {
                try {
                    base = analyzer.baseTime(baseTime, now);
                } catch (CalendarSyntaxException e) {
                    spec.commandLine().getErr().println("Failed to parse --base-time= parameter: " + baseTime + ": " + e.getMessage());
                    return 1;
                }
            }
            CalendarAnalyzer.Result r = analyzer.analyze(specs, base, now, iterations);
            spec.commandLine().getOut().print(r.out());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().print(r.err());
            spec.commandLine().getErr().flush();
            return r.exitCode();
        }
    }
}
