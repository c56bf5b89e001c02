package dev.clawdbot.guard.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Confusion counts per category and overall, and latency percentiles. */
final class Metrics {

    static final class Counts {
        long tp, fp, fn, tn;

        void add(boolean truth, boolean predicted) {
            if (truth && predicted) tp++;
            else if (truth) fn++;
            else if (predicted) fp++;
            else tn++;
        }

        long n() {
            return tp + fp + fn + tn;
        }

        double precision() {
            return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision(), r = recall();
            return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
        }

        double fpr() {
            return fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn);
        }
    }

    final Counts overall = new Counts();
    final Map<String, Counts> byCategory = new TreeMap<>();
    private long[] nanos = new long[64];
    private int samples;

    void add(String category, boolean truth, boolean predicted, long elapsedNanos) {
        overall.add(truth, predicted);
        byCategory.computeIfAbsent(category, c -> new Counts()).add(truth, predicted);
        if (samples == nanos.length) nanos = Arrays.copyOf(nanos, samples * 2);
        nanos[samples++] = elapsedNanos;
    }

    /** Latency percentile in microseconds (nearest rank). */
    double percentileMicros(double p) {
        if (samples == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(nanos, samples);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * samples) - 1;
        return sorted[Math.max(0, Math.min(samples - 1, rank))] / 1_000.0;
    }

    String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-22s %6s %9s %7s %7s %7s%n", "category", "n", "precision", "recall", "f1", "fpr"));
        byCategory.forEach((c, k) -> b.append(row(c, k)));
        b.append(row("ALL", overall));
        b.append(String.format(Locale.ROOT, "latency_us p50=%.1f p95=%.1f p99=%.1f%n", percentileMicros(50), percentileMicros(95), percentileMicros(99)));
        return b.toString();
    }

    private static String row(String name, Counts k) {
        return String.format(Locale.ROOT, "%-22s %6d %9s %7s %7s %7s%n", name, k.n(), fmt(k.precision()), fmt(k.recall()), fmt(k.f1()), fmt(k.fpr()));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
