package dev.clawdbot.guard.ml;

import dev.clawdbot.guard.scan.Finding;
import dev.clawdbot.guard.scan.Scanner;
import dev.clawdbot.guard.text.TextView;

import java.util.List;

/** The built-in linear classifier over the folded text and its decoded or de-obfuscated variants; the text scores as its worst variant. */
public final class ClassifierScanner implements Scanner {

    private final LinearModel model;

    public ClassifierScanner(LinearModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public Finding scan(TextView view) {
        double best = 0;
        for (String t : view.all()) best = Math.max(best, model.score(t));
        return best < 0.5 ? new Finding(best, List.of()) : new Finding(best, List.of("linear-model"));
    }
}
