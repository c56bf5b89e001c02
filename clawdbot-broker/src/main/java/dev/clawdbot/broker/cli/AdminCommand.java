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
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * {@code clawdbot admin run --trigger KIND --input FILE|-}: one admin agent run. From the command line a run
 * never carries approved actions; host changes go through {@code request submit} and the operator.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Admin agent runs.")
public final class AdminCommand {

    @Spec
    CommandSpec spec;

    private final Supplier<AdminRunner> runner;
    private final Supplier<InputStream> stdin;
    private final BiConsumer<AdminRunner.AdminRun, String> keepTranscript;

    /** {@code keepTranscript} stores the run's transcript (with the request id given by {@code --request}, or null). */
    public AdminCommand(Supplier<AdminRunner> runner, Supplier<InputStream> stdin, BiConsumer<AdminRunner.AdminRun, String> keepTranscript) {
        this.runner = runner;
        this.stdin = stdin;
        this.keepTranscript = keepTranscript;
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
        try {
            AdminRunner.AdminRun r = runner.get().run(t, text, null);
            keepTranscript.accept(r, requestId);
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
