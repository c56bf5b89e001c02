package dev.clawdbot.guard.ml;

import dev.clawdbot.guard.text.TextView;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Trains {@link LinearModel} by stochastic gradient descent on the logistic loss with L2 regularisation,
 * classes weighted to balance, a fixed seed so the same data gives the same model.
 */
public final class Trainer {

    /** One labelled example: the raw text and whether it is an injection. */
    public record Example(String text, boolean injection) {
    }

    /** Training knobs; defaults via {@link #defaults()}. */
    public record Settings(int bits, int epochs, double learningRate, double l2, long seed) {
        public static Settings defaults() {
            return new Settings(18, 12, 0.5, 1e-6, 42);
        }
    }

    private Trainer() {
    }

    /**
     * The training examples for one labelled text, cut like {@link ClassifierScanner} cuts it at scoring time: a text
     * up to one window is itself; a long benign text gives up to six of its windows; a long injection with a known
     * span (a planted instruction) gives one window holding the span at a random place as a positive and up to four
     * windows clear of it as negatives; a long injection without a span gives its first and last windows.
     */
    public static List<Example> windowed(String text, boolean injection, int spanStart, int spanEnd, RandomGenerator rnd) {
        int n = text.length();
        if (n <= Windows.SIZE) return List.of(new Example(text, injection));
        int[] starts = Windows.starts(text);
        List<Example> out = new ArrayList<>();
        boolean span = injection && spanStart >= 0 && spanEnd > spanStart && spanEnd <= n;
        if (injection && !span) {
            out.add(new Example(Windows.window(text, starts[0]), true));
            out.add(new Example(Windows.window(text, starts[starts.length - 1]), true));
            return out;
        }
        if (span) {
            int len = spanEnd - spanStart;
            int slack = Math.max(0, Windows.SIZE - len);
            int from = Math.max(0, Math.min(n - Windows.SIZE, spanStart - (slack == 0 ? 0 : rnd.nextInt(slack + 1))));
            out.add(new Example(text.substring(from, Math.min(n, from + Math.max(Windows.SIZE, len))), true));
        }
        int limit = span ? 4 : 6, step = Math.max(1, starts.length / limit);
        for (int i = 0; i < starts.length && out.size() < limit + (span ? 1 : 0); i += step) {
            int s = starts[i], e = Math.min(n, s + Windows.SIZE);
            if (span && s < spanEnd && spanStart < e) continue;
            out.add(new Example(Windows.window(text, s), false));
        }
        return out;
    }

    public static LinearModel train(List<Example> examples, Settings s) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
        Features features = new Features(s.bits());
        List<Features.Vector> xs = new ArrayList<>(examples.size());
        boolean[] ys = new boolean[examples.size()];
        long positives = 0;
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            xs.add(features.extract(TextView.of(e.text()).folded()));
            ys[i] = e.injection();
            if (ys[i]) positives++;
        }
        if (positives == 0 || positives == examples.size())
            throw new IllegalArgumentException("training data needs both injections and benign examples");
        double wPos = examples.size() / (2.0 * positives), wNeg = examples.size() / (2.0 * (examples.size() - positives));
        float[] w = new float[features.dimensions()];
        double bias = 0;
        RandomGenerator rnd = new SplittableRandom(s.seed());
        int[] order = new int[xs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        long step = 0;
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int idx : order) {
                Features.Vector v = xs.get(idx);
                double lr = s.learningRate() / (1 + 1e-4 * step++);
                double z = bias;
                for (int k = 0; k < v.size; k++) z += w[v.index[k]] * v.value[k];
                double p = 1 / (1 + Math.exp(-z));
                double g = (p - (ys[idx] ? 1 : 0)) * (ys[idx] ? wPos : wNeg);
                for (int k = 0; k < v.size; k++) {
                    int f = v.index[k];
                    w[f] -= (float) (lr * (g * v.value[k] + s.l2() * w[f]));
                }
                bias -= lr * g;
            }
        }
        return new LinearModel(s.bits(), w, (float) bias);
    }
}
