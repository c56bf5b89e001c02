package dev.clawdbot.guard.ml;

import dev.clawdbot.guard.scan.Analysis;
import dev.clawdbot.guard.scan.Finding;
import dev.clawdbot.guard.scan.Scanner;
import dev.clawdbot.guard.text.TextView;

import java.util.List;
import java.util.function.Supplier;

/**
 * The built-in linear classifiers over the folded text and its decoded or de-obfuscated variants, in overlapping
 * {@link Windows}: a text scores as its worst window of its worst variant, and the verdict names where that window
 * starts ({@code window@N}, an offset into the normalised text). Direct messages go to the direct model, documents
 * to the indirect one.
 */
public final class ClassifierScanner implements Scanner {

    private final LinearModel direct;
    private final Supplier<LinearModel> indirect;
    private volatile LinearModel indirectModel;

    /** {@code indirect} is called once, on the first document, so start-up pays only for the direct model. */
    public ClassifierScanner(LinearModel direct, Supplier<LinearModel> indirect) {
        this.direct = direct;
        this.indirect = indirect;
    }

    /** One model for both analyses. */
    public ClassifierScanner(LinearModel model) {
        this(model, () -> model);
    }

    private LinearModel indirect() {
        LinearModel m = indirectModel;
        if (m == null) {
            synchronized (this) {
                m = indirectModel;
                if (m == null) indirectModel = m = indirect.get();
            }
        }
        return m;
    }

    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public Finding scan(TextView view) {
        return scan(view, Analysis.DIRECT);
    }

    @Override
    public Finding scan(TextView view, Analysis analysis) {
        LinearModel model = analysis == Analysis.INDIRECT ? indirect() : direct;
        double best = 0;
        int at = 0;
        boolean windowed = false;
        for (String t : view.all()) {
            int[] starts = Windows.starts(t);
            windowed |= starts.length > 1;
            for (int s : starts) {
                double p = starts.length == 1 ? model.score(t) : model.score(Windows.window(t, s));
                if (p > best) {
                    best = p;
                    at = s;
                }
            }
        }
        if (best < 0.5) return new Finding(best, List.of());
        return new Finding(best, windowed ? List.of("linear-model", "window@" + at) : List.of("linear-model"));
    }
}
