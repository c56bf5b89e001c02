package dev.clawdbot.guard.cli;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Markdown tables for a held-out run: recall or FPR per reporting group, per group and length bucket
 * (&lt; 100, 100–299, 300–999, ≥ 1,000 characters) and per collection. Groups holding injections report recall,
 * benign groups the false-positive rate.
 */
final class BreakdownReport {

    static final String[] BUCKETS = {"<100", "100-299", "300-999", ">=1000"};

    private final Map<String, Metrics.Counts> byGroup = new TreeMap<>();
    private final Map<String, Map<String, Metrics.Counts>> byGroupBucket = new TreeMap<>();
    private final Map<String, Metrics.Counts> byCollection = new TreeMap<>();

    static String bucket(int length) {
        return length < 100 ? BUCKETS[0] : length < 300 ? BUCKETS[1] : length < 1000 ? BUCKETS[2] : BUCKETS[3];
    }

    void add(LabelledData.Row r, boolean detected) {
        byGroup.computeIfAbsent(r.group(), g -> new Metrics.Counts()).add(r.injection(), detected);
        byGroupBucket.computeIfAbsent(r.group(), g -> new TreeMap<>())
                .computeIfAbsent(bucket(r.text().length()), b -> new Metrics.Counts()).add(r.injection(), detected);
        byCollection.computeIfAbsent(r.collection() + (r.injection() ? " (injections)" : " (benign)"), c -> new Metrics.Counts())
                .add(r.injection(), detected);
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| group | n | measure |");
        for (String k : BUCKETS) b.append(' ').append(k).append(" |");
        b.append("\n|---|---|---|");
        b.append("---|".repeat(BUCKETS.length)).append('\n');
        byGroup.forEach((g, k) -> {
            b.append("| ").append(g).append(" | ").append(k.n()).append(" | ").append(measure(k));
            Map<String, Metrics.Counts> buckets = byGroupBucket.get(g);
            for (String bk : BUCKETS) {
                Metrics.Counts c = buckets.get(bk);
                b.append(" | ").append(c == null ? "-" : value(c) + " (" + c.n() + ")");
            }
            b.append(" |\n");
        });
        b.append("\n| collection | n | measure |\n|---|---|---|\n");
        byCollection.forEach((c, k) -> b.append("| ").append(c).append(" | ").append(k.n()).append(" | ").append(measure(k)).append(" |\n"));
        return b.toString();
    }

    private static String measure(Metrics.Counts k) {
        return (isInjections(k) ? "recall " : "FPR ") + value(k);
    }

    private static String value(Metrics.Counts k) {
        double v = isInjections(k) ? k.recall() : k.fpr();
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static boolean isInjections(Metrics.Counts k) {
        return k.tp + k.fn > 0;
    }
}
