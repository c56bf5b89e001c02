package dev.clawdbot.guard.scan;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.function.IntPredicate;

/**
 * Leftmost-first search with RE2/J (linear time, no look-around) for detector regexes that java.util.regex wrote with a
 * one-character look-behind at the start and a one-character negative look-ahead at the end. The look-behind becomes a
 * plain-code test of the character before a match's start ({@code admitted}); the look-ahead becomes a consumed
 * "any other character or end of text" after the body, which is group 1 (the body's own groups are shifted by one).
 * Both engines prefer matches in the same order, so the body spans are exactly those java.util.regex found
 * ({@code DetectorDifferentialTest} compares them on the corpora and 10,000 seeded texts per detector).
 */
public final class Anchored {

    /** Receives each match; group 1 is the body (without the consumed look-ahead character). */
    @FunctionalInterface
    public interface OnMatch {
        void match(Matcher m);
    }

    /** A test on one character. */
    @FunctionalInterface
    public interface CharTest {
        boolean test(char c);
    }

    /** Java's {@code \s} without UNICODE_CHARACTER_CLASS, for use inside a character class (RE2/J's lacks \x0B). */
    public static final String SPACE = " \\t\\n\\x0B\\f\\r";

    private Anchored() {
    }

    /**
     * {@code (body)} followed by a character outside {@code notFollowedBy} (the body of a character class, as in the
     * look-ahead {@code (?![notFollowedBy])}) or the end of text; null: nothing follows the body.
     */
    public static Pattern compile(String body, String notFollowedBy) {
        return Pattern.compile("(" + body + ")" + (notFollowedBy == null ? "" : "(?:[^" + notFollowedBy + "]|\\z)"));
    }

    /**
     * Each match of {@code pattern} (from {@link #compile}) whose start {@code admitted} accepts (the old look-behind,
     * and any necessary condition on the start), leftmost first, each search resuming at the previous body's end.
     * {@code candidates} (ascending, or null for every position) holds every position {@code admitted} can accept;
     * a search starts only at one. Each search is linear and resumes past the previous match's start, so the whole
     * walk costs the text's length times at most the longest match.
     */
    public static void findAll(Pattern pattern, String text, int[] candidates, IntPredicate admitted, OnMatch onMatch) {
        Matcher m = pattern.matcher(text);
        int n = text.length(), pos = 0, k = 0;
        while (pos <= n) {
            if (candidates != null) {
                while (k < candidates.length && candidates[k] < pos) k++;
                if (k == candidates.length) return;
                pos = candidates[k];
            }
            if (!m.find(pos)) return;
            int s = m.start();
            if (admitted.test(s)) {
                onMatch.match(m);
                pos = Math.max(s + 1, m.end(1));
            } else {
                pos = s + 1;
            }
        }
    }

    /**
     * For each occurrence of {@code mark}, where the run of {@code run} characters right before it starts, walking back
     * at most {@code limit} characters; runs shorter than {@code min} are left out. Ascending.
     */
    public static int[] runsBefore(String text, String mark, CharTest run, int limit, int min) {
        int[] out = new int[4];
        int count = 0;
        for (int q = text.indexOf(mark); q >= 0; q = text.indexOf(mark, q + 1)) {
            int s = q;
            while (s > 0 && q - s < limit && run.test(text.charAt(s - 1))) s--;
            if (q - s < min) continue;
            if (count == out.length) out = java.util.Arrays.copyOf(out, count * 2);
            out[count++] = s;
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** Whether the character before {@code i} (if any) is outside the ASCII set {@code notBefore} (a look-behind {@code (?<![...])}). */
    public static boolean notAfter(String text, int i, CharTest notBefore) {
        return i == 0 || !notBefore.test(text.charAt(i - 1));
    }

    /** {@code [A-Za-z0-9_]}, Java's and RE2/J's {@code \w}. */
    public static boolean word(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * {@code regex} with each ASCII letter outside character classes and escapes spelled as {@code [xX]}: Java's
     * {@code (?i)} without UNICODE_CASE, which folds ASCII only (RE2/J's folds e.g. U+017F to s and U+212A to k).
     */
    public static String asciiCaseless(String regex) {
        StringBuilder out = new StringBuilder(regex.length() * 3);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (!inClass && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                out.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
