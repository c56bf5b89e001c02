package dev.clawdbot.siem.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Wazuh's OS_Match ("sregex"): plain substrings, case-insensitive, with {@code ^} (starts with), {@code $}
 * (ends with), both (equals) and {@code |} between alternatives. Nothing else is special, so it is a set of
 * {@code regionMatches} calls: linear in the input.
 */
final class OsMatch {

    /**
     * {@code folded}: {@code text} with each char mapped to lower(upper(c)), the fold under which two chars are
     * equal exactly when {@code regionMatches(true)} says so; null when this alternative can never match an
     * ASCII-only input (a char folds to non-ASCII, or an unanchored alternative's first char is not ASCII, which
     * {@link #indexOfIgnoreCase}'s first-char test rejects).
     */
    private record Alt(String text, boolean begin, boolean end, String folded) {
    }

    /**
     * The last two inputs this thread folded and their folds ({@code [in0, fold0, in1, fold1]}): the rules test the
     * same {@code log} string dozens of times per line, between tests of the (short) program name.
     */
    private static final ThreadLocal<String[]> LAST_FOLDS = ThreadLocal.withInitial(() -> new String[4]);

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
            alts.add(new Alt(text, begin, end, fold(text, !begin && !end)));
        }
        if (alts.isEmpty()) throw new IllegalArgumentException("empty OS_Match '" + pattern + "'");
        return new OsMatch(List.copyOf(alts), pattern);
    }

    private static String fold(String text, boolean firstMustBeAscii) {
        if (firstMustBeAscii && !text.isEmpty() && text.charAt(0) >= 0x80) return null;
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toLowerCase(Character.toUpperCase(text.charAt(i)));
            if (c >= 0x80) return null;
            b.append(c);
        }
        return b.toString();
    }

    /** {@code s} ASCII-lower-cased, or null when it has a non-ASCII char; cached per thread by identity. */
    static String asciiFolded(String s) {
        String[] last = LAST_FOLDS.get();
        if (last[0] == s) return last[1];
        if (last[2] == s) return last[3];
        String folded = null;
        byte[] b = new byte[s.length()];
        int i = 0;
        for (; i < b.length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) break;
            b[i] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (i == b.length) folded = new String(b, StandardCharsets.ISO_8859_1);
        last[2] = last[0];
        last[3] = last[1];
        last[0] = s;
        last[1] = folded;
        return folded;
    }

    /** The end offset of the first alternative that matches, or -1. */
    int find(String s) {
        String low = asciiFolded(s);
        return low != null ? findFolded(s.length(), low) : findAnyText(s);
    }

    /** For an ASCII-only input: plain (vectorised) String searches on the folded copy, same results as below. */
    private int findFolded(int length, String low) {
        for (Alt alt : alternatives) {
            String f = alt.folded();
            if (f == null) continue;
            if (alt.begin() && alt.end()) {
                if (low.equals(f)) return f.length();
            } else if (alt.begin()) {
                if (low.startsWith(f)) return f.length();
            } else if (alt.end()) {
                if (low.endsWith(f)) return length;
            } else {
                int at = low.indexOf(f);
                if (at >= 0) return at + f.length();
            }
        }
        return -1;
    }

    private int findAnyText(String s) {
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
