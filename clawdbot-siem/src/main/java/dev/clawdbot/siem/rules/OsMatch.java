package dev.clawdbot.siem.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wazuh's OS_Match ("sregex"): plain substrings, case-insensitive, with {@code ^} (starts with), {@code $}
 * (ends with), both (equals) and {@code |} between alternatives. Nothing else is special, so it is a set of
 * {@code regionMatches} calls: linear in the input.
 */
final class OsMatch {

    private record Alt(String text, boolean begin, boolean end) {
    }

    private final List<Alt> alternatives;
    private final String source;

    private OsMatch(List<Alt> alternatives, String source) {
        this.alternatives = alternatives;
        this.source = source;
    }

    static OsMatch compile(String pattern) {
        if (pattern.isEmpty()) throw new IllegalArgumentException("empty OS_Match");
        List<Alt> alts = new ArrayList<>();
        for (String part : pattern.split("\\|", -1)) {
            boolean begin = part.startsWith("^");
            boolean end = part.length() > (begin ? 1 : 0) && part.endsWith("$");
            String text = part.substring(begin ? 1 : 0, part.length() - (end ? 1 : 0)).toLowerCase(Locale.ROOT);
            // An empty alternative (a trailing '|' left by a variable) is skipped (Wazuh's own rule files contain them).
            if (text.isEmpty() && !begin && !end) continue;
            alts.add(new Alt(text, begin, end));
        }
        if (alts.isEmpty()) throw new IllegalArgumentException("empty OS_Match '" + pattern + "'");
        return new OsMatch(List.copyOf(alts), pattern);
    }

    /** The end offset of the first alternative that matches, or -1. */
    int find(String s) {
        for (Alt alt : alternatives) {
            int n = alt.text().length();
            if (alt.begin() && alt.end()) {
                if (s.length() == n && s.regionMatches(true, 0, alt.text(), 0, n)) return n;
            } else if (alt.begin()) {
                if (s.regionMatches(true, 0, alt.text(), 0, n)) return n;
            } else if (alt.end()) {
                if (s.length() >= n && s.regionMatches(true, s.length() - n, alt.text(), 0, n)) return s.length();
            } else {
                int at = indexOfIgnoreCase(s, alt.text());
                if (at >= 0) return at + n;
            }
        }
        return -1;
    }

    private static int indexOfIgnoreCase(String s, String lowerNeedle) {
        int n = lowerNeedle.length();
        if (n == 0) return 0;
        char first = lowerNeedle.charAt(0);
        for (int i = 0; i + n <= s.length(); i++) {
            if (Character.toLowerCase(s.charAt(i)) == first && s.regionMatches(true, i, lowerNeedle, 0, n)) return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return source;
    }
}
