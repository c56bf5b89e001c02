package dev.clawdbot.siem.cli;

import dev.clawdbot.siem.AlertStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code clawdbot siem}: the parent of {@code test} and {@code alerts}. Register with
 * {@code new CommandLine(new SiemCommand(...))}; the store is opened only by {@code alerts}.
 */
@Command(name = "siem", description = "Security monitoring: test log lines against the rules, list stored alerts.",
        mixinStandardHelpOptions = true, subcommands = {SiemTestCommand.class, SiemAlertsCommand.class})
public final class SiemCommand implements Runnable {

    private final Clock clock;
    private final InputStream stdin;
    private final Supplier<AlertStore> store;

    public SiemCommand(Clock clock, InputStream stdin, Supplier<AlertStore> store) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.store = Objects.requireNonNull(store, "store");
    }

    AlertStore store() {
        return store.get();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a subcommand: test or alerts");
    }

    Clock clock() {
        return clock;
    }

    InputStream stdin() {
        return stdin;
    }
}
