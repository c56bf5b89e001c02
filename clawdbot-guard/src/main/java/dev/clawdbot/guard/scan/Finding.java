package dev.clawdbot.guard.scan;

import java.util.List;

/** What a scanner found: a score in 0..1 and short reasons (pattern ids, types), never the matched text itself. */
public record Finding(double score, List<String> reasons) {

    public static final Finding NONE = new Finding(0, List.of());

    public Finding {
        if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score must be within 0..1, was " + score);
        reasons = List.copyOf(reasons);
    }
}
