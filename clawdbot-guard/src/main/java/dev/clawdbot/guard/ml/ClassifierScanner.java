package dev.clawdbot.guard.ml;

import dev.clawdbot.guard.scan.Analysis;
import dev.clawdbot.guard.scan.ScanScore;
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

    private final Lazy direct;
    private final Lazy indirect;

    /**
     * Each supplier is called once, when its model is first needed, so start-up does not wait for the 2-4 MB of
     * weights; {@link #preload()} fetches both in the background.
     */
    public ClassifierScanner(Supplier<LinearModel> direct, Supplier<LinearModel> indirect) {
        this.direct = new Lazy(direct);
        this.indirect = new Lazy(indirect);
    }

    /** One model for both analyses. */
    public ClassifierScanner(LinearModel model) {
        this(() -> model, () -> model);
    }

    /** Starts loading both models on a virtual thread; a scan that comes first waits for (or does) the load. */
    public ClassifierScanner preload() {
        Thread.ofVirtual().name("guard-classifier-load").start(() -> {
            direct.get();
            indirect.get();
        });
        return this;
    }

    private static final class Lazy {
        private final Supplier<LinearModel> source;
        private volatile LinearModel model;

        Lazy(Supplier<LinearModel> source) {
            this.source = source;
        }

        LinearModel get() {
            LinearModel m = model;
            if (m == null) {
                synchronized (this) {
                    m = model;
                    if (m == null) model = m = source.get();
                }
            }
            return m;
        }
    }

    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public ScanScore scan(TextView view) {
        return scan(view, Analysis.DIRECT);
    }

    @Override
    public ScanScore scan(TextView view, Analysis analysis) {
        LinearModel model = (analysis == Analysis.INDIRECT ? indirect : direct).get();
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
        if (best < 0.5) return new ScanScore(best, List.of());
        return new ScanScore(best, windowed ? List.of("linear-model", "window@" + at) : List.of("linear-model"));
    }
}
