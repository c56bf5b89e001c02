package dev.clawdbot.ops.cli;

import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.CalendarSyntaxException;
import dev.clawdbot.ops.calendar.ZoneInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code clawdbot ops}: the operations engine's commands. */
@Command(name = "ops", description = "Scheduled operations: calendar events, jobs and their runs.",
        mixinStandardHelpOptions = true)
public final class OpsCommand {

    /** The command tree; {@code env} supplies {@code TZ} as the C library would read it. */
    public static CommandLine commandLine(Map<String, String> env, Clock clock) {
        CommandLine cl = new CommandLine(new OpsCommand());
        cl.addSubcommand("calendar", new Calendar(env, clock));
        return cl;
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
