package dev.clawdbot.broker.cli;

import dev.clawdbot.broker.admin.AdminRunner;
import dev.clawdbot.broker.admin.AdminTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code clawdbot admin run --trigger KIND --input FILE|-}: one admin agent run. From the command line a run
 * never carries approved actions; host changes go through {@code request submit} and the operator.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Admin agent runs.")
public final class AdminCommand {

    @Spec
    CommandSpec spec;

    /**
     * What one run needs (the runner, and where its transcript goes), opened only once the input is read and closed
     * when the run ends: the command owns what it opens, database pools included.
     */
    public interface Session extends AutoCloseable {
        AdminRunner runner();

        /** Stores the run's transcript, with the request id given by {@code --request}, or null. */
        void keepTranscript(AdminRunner.AdminRun run, String requestId);

        @Override
        void close();
    }

    private final Supplier<? extends Session> session;
    private final Supplier<InputStream> stdin;

    public AdminCommand(Supplier<? extends Session> session, Supplier<InputStream> stdin) {
        this.session = session;
        this.stdin = stdin;
    }

    @Command(name = "run", description = "Start a fresh admin agent for one trigger.")
    int run(@Option(names = "--trigger", required = true, description = "broker-request, timer, path, admin-bot or operator-email") String trigger,
            @Option(names = "--input", required = true, description = "task input file, or - for stdin") String input,
            @Option(names = "--request", description = "broker request id to keep the transcript with") String requestId) {
        AdminTrigger t;
        try {
            t = AdminTrigger.fromWire(trigger);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("admin run: " + e.getMessage());
            return 2;
        }
        String text;
        try {
            text = input.equals("-") ? new String(stdin.get().readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(input));
        } catch (IOException e) {
            spec.commandLine().getErr().println("admin run: cannot read " + input + ": " + e.getMessage());
            return 2;
        }
        if (text.isBlank()) {
            spec.commandLine().getErr().println("admin run: the input is empty");
            return 2;
        }
        try (Session open = session.get()) {
            AdminRunner.AdminRun r = open.runner().run(t, text, null);
            open.keepTranscript(r, requestId);
            spec.commandLine().getOut().println(r.finalText());
            spec.commandLine().getErr().println("admin run " + r.runId() + ": " + r.stop() + " after " + r.steps() + " step(s)");
            return r.stop().equals("done") ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("admin run: interrupted");
            return 1;
        }
    }
}
