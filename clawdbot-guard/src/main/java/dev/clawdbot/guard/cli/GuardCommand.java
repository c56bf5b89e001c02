package dev.clawdbot.guard.cli;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.GuardConfig;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code clawdbot guard}: the parent of {@code scan}, {@code eval} and {@code train}. Register it with
 * {@code new CommandLine(new GuardCommand(...))}; its subcommands are added here, so nothing else is needed.
 */
@Command(name = "guard", description = "Scan text, evaluate and train the guard.", mixinStandardHelpOptions = true,
        subcommands = {ScanCommand.class, EvalCommand.class, TrainCommand.class})
public final class GuardCommand implements Runnable {

    private final Supplier<GuardConfig> config;
    private final EventSink events;
    private final Clock clock;
    private final InputStream stdin;

    /**
     * @param config the guard configuration (read lazily, so a config error surfaces as exit code 2)
     * @param events where {@code scan} records verdicts; {@code eval} records nothing
     * @param stdin  where {@code scan} reads text when it has no arguments
     */
    public GuardCommand(Supplier<GuardConfig> config, EventSink events, Clock clock, InputStream stdin) {
        this.config = Objects.requireNonNull(config, "config");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name a subcommand: scan, eval or train");
    }

    GuardConfig config() {
        return config.get();
    }

    Guard guard(boolean recordEvents) {
        return Guard.create(config(), recordEvents ? events : EventSink.NONE, clock);
    }

    InputStream stdin() {
        return stdin;
    }

    /** Runs {@code body}, turning configuration errors into exit code 2 with a precise message. */
    static int guarded(java.io.PrintWriter err, java.util.concurrent.Callable<Integer> body) {
        try {
            return body.call();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("guard: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("guard: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("guard: " + e);
            return 1;
        }
    }
}
