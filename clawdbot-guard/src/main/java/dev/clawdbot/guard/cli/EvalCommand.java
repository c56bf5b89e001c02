package dev.clawdbot.guard.cli;

import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.GuardAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot guard eval --data FILE.jsonl}: runs the configured guard over labelled data and prints precision,
 * recall, F1 and false-positive rate per category and overall, and latency percentiles. A text counts as
 * detected when the guard rejects it (or, with {@code --flagged}, when any scanner flags it). Records no events.
 */
@Command(name = "eval", description = "Measure the guard on labelled JSONL.", mixinStandardHelpOptions = true)
final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    GuardCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--data", required = true, description = "Labelled JSONL: {\"text\",\"label\",\"category\"} per line.")
    Path data;
    @Option(names = "--flagged", description = "Count monitor-mode flags as detections too.")
    boolean flagged;
    @Option(names = "--scanners", split = ",", description = "Only count these scanners (e.g. patterns,classifier).")
    Set<String> only;
    @Option(names = "--show-errors", description = "Print the misclassified texts (first 120 characters).")
    boolean showErrors;
    @Option(names = "--breakdown", description = "Also print Markdown tables per group, length bucket and collection.")
    boolean breakdown;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return GuardCommand.guarded(spec.commandLine().getErr(), () -> {
            LabelledData d = LabelledData.read(data);
            Guard guard = parent.guard(false);
            Metrics m = new Metrics();
            BreakdownReport tables = new BreakdownReport();
            for (LabelledData.Row r : d.rows()) {
                ContentSource source = new ContentSource(r.kind(), data.getFileName().toString());
                long t0 = System.nanoTime();
                GuardAnalysis a = guard.analyze(r.text(), source, Set.of());
                long elapsed = System.nanoTime() - t0;
                boolean detected = only != null
                        ? a.flagged().stream().anyMatch(only::contains)
                        : flagged ? !a.flagged().isEmpty() : !a.valid();
                m.add(r.category(), r.injection(), detected, elapsed);
                tables.add(r, detected);
                if (showErrors && detected != r.injection())
                    out.println((r.injection() ? "MISSED " : "FALSE+ ") + r.category() + " " + a.scores() + " "
                            + r.text().replace('\n', ' ').substring(0, Math.min(120, r.text().length())));
            }
            out.print(m.report());
            if (breakdown) out.print("\n" + tables.markdown());
            out.flush();
            return 0;
        });
    }
}
