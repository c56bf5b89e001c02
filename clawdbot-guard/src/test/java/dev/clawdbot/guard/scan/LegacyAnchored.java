package dev.clawdbot.guard.scan;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Matcher#find()} over a text, but trying the pattern only at positions a cheap test admits. When every match of
 * the pattern starts at an admitted position, the matches are exactly those of a plain {@code find()} loop (leftmost
 * first, each search resuming at the previous match's end); the regex engine then skips the thousands of positions
 * where it would fail after running a look-behind or a character class.
 */
final class LegacyAnchored {

    /** Receives each match; the matcher is positioned on it. */
    @FunctionalInterface
    public interface OnMatch {
        void match(Matcher m);
    }

    /** A test on one character. */
    @FunctionalInterface
    public interface CharTest {
        boolean test(char c);
    }

    private LegacyAnchored() {
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

    public static void findAll(Pattern pattern, String text, IntPredicate canStart, OnMatch onMatch) {
        Matcher m = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (!canStart.test(i)) continue;
            if (m == null) m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            m.region(i, n);
            if (!m.lookingAt()) continue;
            onMatch.match(m);
            i = Math.max(i, m.end() - 1);
        }
    }

    /**
     * As {@link #findAll(Pattern, String, IntPredicate, OnMatch)}, visiting only {@code positions[0..count)} (ascending),
     * a list a single cheap pass collected that holds every position {@code canStart} admits.
     */
    public static void findAll(Pattern pattern, String text, int[] positions, int count, IntPredicate canStart, OnMatch onMatch) {
        Matcher m = null;
        int n = text.length(), resume = 0;
        for (int k = 0; k < count; k++) {
            int i = positions[k];
            if (i < resume || !canStart.test(i)) continue;
            if (m == null) m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            m.region(i, n);
            if (!m.lookingAt()) continue;
            onMatch.match(m);
            resume = Math.max(i + 1, m.end());
        }
    }
}
