package dev.clawdbot.siem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code clawdbot siem}: the parent of {@code test}. Register with {@code new CommandLine(new SiemCommand(...))}.
 */
@Command(name = "siem", description = "Security monitoring: test log lines against the decoders and rules.",
        mixinStandardHelpOptions = true, subcommands = {SiemTestCommand.class})
public final class SiemCommand implements Runnable {

    private final Clock clock;
    private final InputStream stdin;

    public SiemCommand(Clock clock, InputStream stdin) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a subcommand: test");
    }

    Clock clock() {
        return clock;
    }

    InputStream stdin() {
        return stdin;
    }
}
