package dev.clawdbot.fleet.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bounded parser of the Prometheus text exposition format (version 0.0.4), in plain code: one pass over each line,
 * quoted label values with {@code \\}, {@code \"} and {@code \n} escapes, no pattern engine. Only samples whose
 * metric name is wanted are kept, at most {@link #MAX_SAMPLES}; malformed lines are skipped.
 */
final class PrometheusText {
    /** Samples kept: a vLLM server exposes a few hundred; a hostile endpoint cannot grow memory past this. */
    static final int MAX_SAMPLES = 10_000;
    /** Longer lines are skipped unread. */
    static final int MAX_LINE = 64 * 1024;

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    static List<Sample> parse(String text, Set<String> wanted) {
        List<Sample> out = new ArrayList<>();
        int start = 0;
        while (start < text.length() && out.size() < MAX_SAMPLES) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            if (end - start <= MAX_LINE) {
                Sample s = line(text, start, end, wanted);
                if (s != null) out.add(s);
            }
            start = end + 1;
        }
        return out;
    }

    private static Sample line(String t, int i, int end, Set<String> wanted) {
        while (i < end && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) i++;
        if (i >= end || t.charAt(i) == '#') return null;
        int nameStart = i;
        while (i < end && nameChar(t.charAt(i))) i++;
        if (i == nameStart) return null;
        String name = t.substring(nameStart, i);
        if (!wanted.contains(name)) return null;
        Map<String, String> labels = Map.of();
        if (i < end && t.charAt(i) == '{') {
            labels = new LinkedHashMap<>();
            i++;
            while (true) {
                while (i < end && (t.charAt(i) == ' ' || t.charAt(i) == ',')) i++;
                if (i >= end) return null;
                if (t.charAt(i) == '}') {
                    i++;
                    break;
                }
                int ls = i;
                while (i < end && nameChar(t.charAt(i))) i++;
                if (i == ls || i + 1 >= end || t.charAt(i) != '=' || t.charAt(i + 1) != '"') return null;
                String label = t.substring(ls, i);
                i += 2;
                StringBuilder v = new StringBuilder();
                while (i < end && t.charAt(i) != '"') {
                    char c = t.charAt(i);
                    if (c == '\\' && i + 1 < end) {
                        char n = t.charAt(++i);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                    i++;
                }
                if (i >= end) return null;
                i++;
                labels.put(label, v.toString());
            }
        }
        while (i < end && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) i++;
        int vs = i;
        while (i < end && t.charAt(i) != ' ' && t.charAt(i) != '\t' && t.charAt(i) != '\r') i++;
        double value = value(t.substring(vs, i));
        return Double.isNaN(value) && !t.startsWith("NaN", vs) ? null : new Sample(name, labels, value);
    }

    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':';
    }

    static double value(String s) {
        switch (s) {
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN" -> {
                return Double.NaN;
            }
            default -> {
                if (s.isEmpty() || s.length() > 40) return Double.NaN;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return Double.NaN;
                }
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
    }

    /** The sum over every label set of {@code name}, or NaN when there is no such sample. */
    static double sum(List<Sample> samples, String name) {
        double total = Double.NaN;
        for (Sample s : samples) {
            if (s.name().equals(name)) total = Double.isNaN(total) ? s.value() : total + s.value();
        }
        return total;
    }

    /** The largest value of {@code name} over its label sets, or NaN. */
    static double max(List<Sample> samples, String name) {
        double m = Double.NaN;
        for (Sample s : samples) {
            if (s.name().equals(name) && (Double.isNaN(m) || s.value() > m)) m = s.value();
        }
        return m;
    }

    /** A histogram's cumulative bucket counts by upper bound, summed over label sets (except {@code le}). */
    static java.util.TreeMap<Double, Double> buckets(List<Sample> samples, String histogram) {
        java.util.TreeMap<Double, Double> out = new java.util.TreeMap<>();
        for (Sample s : samples) {
            if (!s.name().equals(histogram + "_bucket")) continue;
            String le = s.labels().get("le");
            if (le == null) continue;
            double bound = value(le);
            if (Double.isNaN(bound)) continue;
            out.merge(bound, s.value(), Double::sum);
        }
        return out;
    }

    /**
     * The {@code q} quantile of a histogram given as cumulative counts: the upper bound of the first bucket holding
     * it (the usual conservative estimate; no interpolation). NaN when the histogram is empty.
     */
    static double quantile(java.util.NavigableMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty()) return Double.NaN;
        double total = cumulative.lastEntry().getValue();
        if (!(total > 0)) return Double.NaN;
        double rank = q * total;
        for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
            if (b.getValue() >= rank) return b.getKey();
        }
        return cumulative.lastKey();
    }
}
