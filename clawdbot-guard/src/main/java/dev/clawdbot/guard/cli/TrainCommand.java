package dev.clawdbot.guard.cli;

import dev.clawdbot.guard.ml.ClassifierScanner;
import dev.clawdbot.guard.ml.LinearModel;
import dev.clawdbot.guard.ml.Trainer;
import dev.clawdbot.guard.scan.Analysis;
import dev.clawdbot.guard.text.TextView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot guard train --data FILE.jsonl --out MODEL}: trains the built-in linear classifier on the texts cut
 * into the windows it scores ({@link Trainer#windowed}) and writes it; point {@code guard.classifierModel} at the file
 * to use it. Both analyses train on all rows (a document's attack window is a direct attack too, and long benign
 * text is mostly documents); {@code --analysis} picks the validation rows: with {@code --val FILE}, the bias is
 * shifted so the configured classifier threshold sits where that analysis' benign texts in FILE (kind {@code user}
 * for direct, documents for indirect) reach {@code --target-fpr}.
 * With {@code --eval FILE}, reports the new model alone on held-out data.
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
    @Option(names = "--val", description = "Validation JSONL to calibrate the threshold on.")
    Path val;
    @Option(names = "--target-fpr", defaultValue = "0.01", description = "Benign rate above the threshold on --val (default: ${DEFAULT-VALUE}).")
    double targetFpr;
    @Option(names = "--analysis", defaultValue = "DIRECT", description = "direct or indirect (default: ${DEFAULT-VALUE}).")
    String analysisName;
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
            if (!(targetFpr > 0 && targetFpr < 1)) throw new IllegalArgumentException("--target-fpr must be within (0, 1), was " + targetFpr);
            Analysis analysis = analysis(analysisName);
            LabelledData d = LabelledData.read(data);
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Trainer.Example> examples = new ArrayList<>();
            for (LabelledData.Row r : d.rows())
                examples.addAll(Trainer.windowed(r.text(), r.injection(), r.spanStart(), r.spanEnd(), rnd));
            var defaults = Trainer.Settings.defaults();
            LinearModel model = Trainer.train(examples, new Trainer.Settings(bits, epochs, defaults.learningRate(), defaults.l2(), seed));
            double threshold = parent.config().classifier().threshold();
            w.printf(Locale.ROOT, "trained on %d examples (%d windows) from %s; %s analysis%n",
                    d.rows().size(), examples.size(), data, analysis.name().toLowerCase(Locale.ROOT));
            if (val != null) {
                LabelledData v = LabelledData.read(val);
                double cut = cut(model, v, analysis, targetFpr);
                model = model.recalibrated(cut, threshold);
                w.printf(Locale.ROOT, "calibrated on %s: score %.4f (benign rate %.3f) now maps to the threshold %.2f%n", val, cut, targetFpr, threshold);
                w.print("validation set:\n" + measure(model, v, analysis, threshold).report());
            }
            model.save(out);
            w.printf(Locale.ROOT, "wrote %s%n", out);
            if (eval != null) w.print("held-out " + eval + ":\n" + measure(model, LabelledData.read(eval), analysis, threshold).report());
            w.flush();
            return 0;
        });
    }

    private static Analysis analysis(String name) {
        try {
            return Analysis.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--analysis must be direct or indirect, was " + name);
        }
    }

    private static dev.clawdbot.core.guard.ContentSource source(LabelledData.Row r) {
        return new dev.clawdbot.core.guard.ContentSource(r.kind(), null);
    }

    private static boolean inScope(LabelledData.Row r, Analysis analysis) {
        return Analysis.of(source(r)) == analysis;
    }

    /** The score above which {@code targetFpr} of the analysis' benign validation texts lie. */
    private static double cut(LinearModel model, LabelledData v, Analysis analysis, double targetFpr) {
        ClassifierScanner scanner = new ClassifierScanner(model);
        double[] benign = v.rows().stream().filter(r -> !r.injection() && inScope(r, analysis))
                .mapToDouble(r -> scanner.scan(TextView.of(r.text()), analysis).score()).sorted().toArray();
        if (benign.length == 0) throw new IllegalArgumentException("--val " + "has no benign " + analysis + " texts");
        int allowed = (int) Math.floor(targetFpr * benign.length);
        double cut = benign[benign.length - 1 - allowed];
        return Math.min(0.999999, Math.max(1e-6, Math.nextUp(cut)));
    }

    private static Metrics measure(LinearModel model, LabelledData d, Analysis analysis, double threshold) {
        Metrics m = new Metrics();
        ClassifierScanner scanner = new ClassifierScanner(model);
        for (LabelledData.Row r : d.rows()) {
            if (!inScope(r, analysis)) continue;
            long t0 = System.nanoTime();
            boolean hit = scanner.scan(TextView.of(r.text()), analysis).score() >= threshold;
            m.add(r.category(), r.injection(), hit, System.nanoTime() - t0);
        }
        return m;
    }
}
