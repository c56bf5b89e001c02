package dev.clawdbot.guard.cli;

import dev.clawdbot.guard.ml.ClassifierScanner;
import dev.clawdbot.guard.ml.LinearModel;
import dev.clawdbot.guard.ml.Trainer;
import dev.clawdbot.guard.text.TextView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot guard train --data FILE.jsonl --out MODEL}: trains the built-in linear classifier and writes it;
 * point {@code guard.classifierModel} at the file to use it. With {@code --eval FILE}, reports the new model alone
 * on held-out data at the configured classifier threshold.
 */
@Command(name = "train", description = "Train the built-in classifier from labelled JSONL.", mixinStandardHelpOptions = true)
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    GuardCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--data", required = true, description = "Labelled JSONL used for training.")
    Path data;
    @Option(names = "--out", required = true, description = "Where to write the model (gzip, ~1 MB).")
    Path out;
    @Option(names = "--eval", description = "Held-out labelled JSONL to report on.")
    Path eval;
    @Option(names = "--bits", defaultValue = "18", description = "Hash buckets as a power of two (default: ${DEFAULT-VALUE}).")
    int bits;
    @Option(names = "--epochs", defaultValue = "12", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--seed", defaultValue = "42", description = "Shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        return GuardCommand.guarded(spec.commandLine().getErr(), () -> {
            if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, was " + epochs);
            LabelledData d = LabelledData.read(data);
            var examples = d.rows().stream().map(r -> new Trainer.Example(r.text(), r.injection())).toList();
            var defaults = Trainer.Settings.defaults();
            LinearModel model = Trainer.train(examples, new Trainer.Settings(bits, epochs, defaults.learningRate(), defaults.l2(), seed));
            model.save(out);
            double threshold = parent.config().classifier().threshold();
            w.printf(Locale.ROOT, "trained on %d examples from %s; wrote %s%n", examples.size(), data, out);
            w.print("training set:\n" + measure(model, d, threshold).report());
            if (eval != null) w.print("held-out " + eval + ":\n" + measure(model, LabelledData.read(eval), threshold).report());
            w.flush();
            return 0;
        });
    }

    private static Metrics measure(LinearModel model, LabelledData d, double threshold) {
        Metrics m = new Metrics();
        ClassifierScanner scanner = new ClassifierScanner(model);
        for (LabelledData.Row r : d.rows()) {
            long t0 = System.nanoTime();
            boolean hit = scanner.scan(TextView.of(r.text())).score() >= threshold;
            m.add(r.category(), r.injection(), hit, System.nanoTime() - t0);
        }
        return m;
    }
}
