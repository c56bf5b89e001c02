package dev.clawdbot.guard.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Helpers for lists of spans found by several detectors. */
public final class Spans {

    private Spans() {
    }

    /** Sorted by start, dropping any span that overlaps one kept before it (earlier detectors win ties by order). */
    public static List<Span> disjoint(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(Span::start));
        List<Span> out = new ArrayList<>();
        int end = -1;
        for (Span s : sorted) {
            if (s.start() >= end) {
                out.add(s);
                end = s.end();
            }
        }
        return out;
    }

    /** Replaces each span with what {@code replacement} returns for it. */
    public static String replace(String text, List<Span> disjoint, Function<Span, String> replacement) {
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (Span s : disjoint) {
            out.append(text, last, s.start()).append(replacement.apply(s));
            last = s.end();
        }
        return out.append(text, last, text.length()).toString();
    }
}
