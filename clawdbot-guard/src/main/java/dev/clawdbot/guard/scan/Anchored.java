package dev.clawdbot.guard.scan;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.function.IntPredicate;

/**
 * Leftmost-first search with RE2/J (linear time, no look-around) for detector regexes that java.util.regex wrote with a
 * one-character negative look-behind at the start and a one-character negative look-ahead at the end: both become a
 * consumed character (or the text's edge) around the body, which is group 1 (the body's own groups shift by one).
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
     * {@code (?<![notPrecededBy])(body)(?![notFollowedBy])} as RE2/J runs it: the look-behind becomes "start of text or
     * a character outside the class" consumed before the body, the look-ahead "a character outside the class or end
     * of text" consumed after it. Each argument but the body is the inside of a character class, or null for none.
     * Keeping the look-behind in the regex (rather than testing it on each match) matters: a rejected match could run
     * to the end of the text, and a text of such starts ("xsk-xsk-…") would cost quadratic time.
     */
    public static Pattern compile(String notPrecededBy, String body, String notFollowedBy) {
        return Pattern.compile((notPrecededBy == null ? "" : "(?:\\A|[^" + notPrecededBy + "])") + "(" + body + ")"
                + (notFollowedBy == null ? "" : "(?:[^" + notFollowedBy + "]|\\z)"));
    }

    /**
     * Each match of {@code pattern} (from {@link #compile}) whose body start {@code admitted} accepts (any further
     * necessary condition on the start; the regex already holds the look-behind), leftmost first, each search resuming
     * at the previous body's end. {@code candidates} (ascending, or null for every position) holds every position
     * {@code admitted} can accept; a search starts only at one.
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
            // From one character back, where the character the look-behind consumes can be; a body found before pos
            // (only "start of text" at 0) is not one the old search could reach from pos.
            if (!m.find(Math.max(0, pos - 1))) return;
            if (m.start(1) < pos && !m.find(pos)) return;
            int s = m.start(1);
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
                char e = regex.charAt(++i);
                out.append(c).append(e);
                // \p{Lu}, \pL, \x{2028}: these name a class or a code point; their letters are not to be folded.
                int close = regex.indexOf('}', i);
                if ("pPx".indexOf(e) >= 0 && i + 1 < regex.length() && regex.charAt(i + 1) == '{' && close > 0) {
                    out.append(regex, i + 1, close + 1);
                    i = close;
                } else if ((e == 'p' || e == 'P') && i + 1 < regex.length()) {
                    out.append(regex.charAt(++i));
                }
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
