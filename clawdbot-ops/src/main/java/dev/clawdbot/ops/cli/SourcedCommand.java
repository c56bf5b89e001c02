package dev.clawdbot.ops.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The shape of every {@code ops} and {@code secrets} subcommand: it opens what it works on (the scheduler, the
 * inventory) only when it runs, so {@code --help} touches no database, writes to picocli's streams, and flushes them.
 */
abstract class SourcedCommand<T> implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    private final Supplier<T> source;

    SourcedCommand(Supplier<T> source) {
        this.source = source;
    }

    /** Opens the source; an {@link AutoCloseable} one is the subcommand's to close. */
    final T open() {
        return source.get();
    }

    abstract int run(PrintWriter out) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return run(out);
        } finally {
            out.flush();
            spec.commandLine().getErr().flush();
        }
    }
}
