package dev.clawdbot.guard;

import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.text.Confusables;
import dev.clawdbot.guard.text.Invisibles;

import java.util.HexFormat;
import java.util.random.RandomGenerator;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Wraps external content between an opening and a closing marker that carry a per-message random id and the
 * source. Inside the content, anything that folds (after confusable and full-width folding) to a marker
 * look-alike (invisible characters ignored) is neutralised: runs of three or more angle brackets of one direction
 * (whitespace between them ignored) become {@code [3x<]} and the marker name is replaced; Unicode tag characters are dropped. The content therefore cannot close its own wrapper, and a
 * model can check that the closing id matches the opening one.
 */
final class UntrustedWrapper {

    static final String OPEN = "<<<UNTRUSTED_CONTENT";
    static final String CLOSE = "<<<END_UNTRUSTED_CONTENT";
    private static final Pattern MARKER_NAME = Pattern.compile("(?i)untrusted[^\\p{L}\\p{N}]*content");
    /** Java's {@code ["<>\\p{Cntrl}\\p{Zl}\\p{Zp}]}, spelled for RE2/J. */
    private static final Pattern LABEL_UNSAFE = Pattern.compile("[\"<>\\x00-\\x1F\\x7F\\p{Zl}\\p{Zp}]");
    private static final int MAX_LABEL = 200;

    private final RandomGenerator random;

    UntrustedWrapper(RandomGenerator random) {
        this.random = random;
    }

    String wrap(String content, ContentSource source) {
        byte[] idBytes = new byte[8];
        for (int i = 0; i < idBytes.length; i++) idBytes[i] = (byte) random.nextInt(256);
        String id = HexFormat.of().formatHex(idBytes);
        String kind = source == null ? "unknown" : attribute(source.kind());
        String label = source == null ? "" : attribute(source.label());
        return OPEN + " id=\"" + id + "\" source=\"" + kind + "\" label=\"" + label + "\">>>\n"
                + neutralise(content == null ? "" : content)
                + "\n" + CLOSE + " id=\"" + id + "\">>>";
    }

    /** Replaces marker look-alikes; positions in the folded copy are mapped back to the original code points. */
    static String neutralise(String content) {
        StringBuilder folded = new StringBuilder(content.length());
        int[] origin = new int[content.length() + 16];
        StringBuilder kept = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            i += Character.charCount(cp);
            Invisibles kind = Invisibles.of(cp);
            if (kind == Invisibles.TAG) continue;
            int keptStart = kept.length();
            kept.appendCodePoint(cp);
            if (kind != Invisibles.NONE) continue;
            int before = folded.length();
            Confusables.fold(cp, folded);
            if (folded.length() > origin.length) origin = java.util.Arrays.copyOf(origin, folded.length() * 2);
            for (int k = before; k < folded.length(); k++) origin[k] = keptStart;
        }
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        angleRuns(folded, spans);
        Matcher m = MARKER_NAME.matcher(folded);
        while (m.find()) spans.add(new int[]{m.start(), m.end(), 0});
        spans.sort(java.util.Comparator.comparingInt(a -> a[0]));
        StringBuilder out = new StringBuilder(kept.length() + 32);
        int last = 0;
        for (int[] span : spans) {
            int from = origin[span[0]];
            int to = span[1] < folded.length() ? origin[span[1]] : kept.length();
            if (from < last) continue;
            out.append(kept, last, from);
            out.append(span[2] == 0 ? "[marker text removed]" : "[" + span[2] + "x" + folded.charAt(span[0]) + "]");
            last = to;
        }
        return out.append(kept, last, kept.length()).toString();
    }

    /** Runs of three or more of the same angle bracket, whitespace between them allowed: {start, end, count}. */
    private static void angleRuns(CharSequence folded, java.util.List<int[]> spans) {
        int n = folded.length();
        int k = 0;
        while (k < n) {
            char c = folded.charAt(k);
            if (c != '<' && c != '>') {
                k++;
                continue;
            }
            int count = 1, end = k + 1, m = k + 1;
            while (true) {
                while (m < n && Character.isWhitespace(folded.charAt(m))) m++;
                if (m < n && folded.charAt(m) == c) {
                    count++;
                    end = ++m;
                } else {
                    break;
                }
            }
            if (count >= 3) spans.add(new int[]{k, end, count});
            k = end;
        }
    }

    private static String attribute(String value) {
        if (value == null) return "";
        String v = LABEL_UNSAFE.matcher(neutralise(value)).replaceAll("_");
        return v.length() > MAX_LABEL ? v.substring(0, MAX_LABEL) : v;
    }
}
