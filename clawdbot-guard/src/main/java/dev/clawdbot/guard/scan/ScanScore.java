package dev.clawdbot.guard.scan;

import java.util.List;

/** What one scanner made of a text: a score in 0..1 and short reasons (pattern ids, types), never the matched text itself. */
public record ScanScore(double score, List<String> reasons) {

    public static final ScanScore NONE = new ScanScore(0, List.of());

    public ScanScore {
        if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score must be within 0..1, was " + score);
        reasons = List.copyOf(reasons);
    }
}
