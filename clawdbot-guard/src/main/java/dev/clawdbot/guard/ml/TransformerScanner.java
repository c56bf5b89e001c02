package dev.clawdbot.guard.ml;

import dev.clawdbot.guard.scan.ScanScore;
import dev.clawdbot.guard.scan.Scanner;
import dev.clawdbot.guard.text.TextView;

import java.nio.file.Path;
import java.util.List;

/**
 * The transformer backend as a scanner. It reads the original text (models are trained on raw text), plus whatever
 * Unicode tag characters spelled; the other variants are left to the cheap scanners, as each pass costs a model run.
 */
public final class TransformerScanner implements Scanner {

    private final TransformerClassifier model;

    public TransformerScanner(TransformerClassifier model) {
        this.model = model;
    }

    public static TransformerScanner open(Path dir, int maxTokens, int maxChunks) {
        return new TransformerScanner(TransformerClassifier.open(dir, maxTokens, maxChunks));
    }

    @Override
    public String name() {
        return "transformer";
    }

    @Override
    public ScanScore scan(TextView view) {
        double best = model.score(view.original());
        if (!view.invisibles().tagText().isEmpty()) best = Math.max(best, model.score(view.invisibles().tagText()));
        return new ScanScore(best, best >= 0.5 ? List.of("transformer-model") : List.of());
    }
}
