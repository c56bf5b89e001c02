package dev.clawdbot.guard;

import java.util.List;
import java.util.Map;

/**
 * The full result of scanning one text, as the CLI and the HTTP API report it (LLM Guard's shape:
 * {@code is_valid}, {@code sanitized_prompt}, {@code scanners}).
 *
 * @param valid     false when an enforcing scanner fired (or failed closed)
 * @param sanitized the text with PII replaced by placeholders and secrets redacted
 * @param scores    scanner name to score in 0..1, in scanning order
 * @param flagged   scanners at or above their threshold, enforcing or monitoring
 * @param reasons   scanner name to short reasons (pattern ids, PII types), never matched text
 */
public record GuardAnalysis(boolean valid, String sanitized, Map<String, Double> scores, List<String> flagged,
                            Map<String, List<String>> reasons) {
    public GuardAnalysis {
        scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
        flagged = List.copyOf(flagged);
        reasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reasons));
    }
}
