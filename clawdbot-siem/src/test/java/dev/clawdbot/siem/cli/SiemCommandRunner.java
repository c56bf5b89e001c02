package dev.clawdbot.siem.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.response.ActiveResponse;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.function.Function;

/** Runs {@code clawdbot siem ARGS…} in-process for tests of other packages. */
public final class SiemCommandRunner {

    public record Result(int exit, String out, String err) {
    }

    private SiemCommandRunner() {
    }

    public static Result run(AlertStore store, Clock clock, Function<AlertStore, ActiveResponse> response, String... args) {
        CommandLine cl = new CommandLine(new SiemCommand(clock, new ByteArrayInputStream(new byte[0]), () -> Opened.of(store), () -> Opened.of(response.apply(store))));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
