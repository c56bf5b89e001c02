package dev.clawdbot.core.guard;

import java.util.Map;

/**
 * The guard's answer. {@code allowed} false means enforce mode rejected the text; {@code sanitized} is
 * the text to pass on when allowed (e.g. with PII replaced by placeholders); {@code scores} maps scanner
 * names to scores in 0..1; {@code flagged} lists the scanners that fired (in monitor mode too).
 */
public record GuardVerdict(boolean allowed, String sanitized, Map<String, Double> scores, java.util.List<String> flagged) {
    public static GuardVerdict pass(String text) {
        return new GuardVerdict(true, text, Map.of(), java.util.List.of());
    }
}
