package dev.clawdbot.guard.scan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A prefilter for the pattern pack. From each pattern's source it derives literals one of which must occur
 * wherever the pattern matches (the leading words of its alternatives); one linear pass over a text finds the
 * literals present, and only patterns with a literal present (or with none derivable) run their regex.
 */
final class Triggers {

    private static final int MIN = 2;

    /** Literals by their first two characters (both ASCII, as pattern literals are), indexed {@code c0 * 128 + c1}. */
    private final Literal[][] byPrefix = new Literal[128 * 128][];
    private final BitSet alwaysRun = new BitSet();

    private record Literal(String text, int pattern) {
    }

    Triggers(List<String> sources) {
        for (int i = 0; i < sources.size(); i++) {
            List<String> lits = literals(sources.get(i));
            if (lits == null) {
                alwaysRun.set(i);
                continue;
            }
            if (lits.stream().anyMatch(l -> key(l, 0) < 0)) {
                alwaysRun.set(i);
                continue;
            }
            for (String l : lits) {
                int k = key(l, 0);
                Literal[] old = byPrefix[k] == null ? new Literal[0] : byPrefix[k];
                Literal[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                grown[old.length] = new Literal(l, i);
                byPrefix[k] = grown;
            }
        }
    }

    /** Marks a pattern that must be searched from the start of the text. */
    static final int[] FULL_SCAN = new int[0];
    private static final int MAX_STARTS = 32;

    /**
     * Per pattern index: null when the pattern cannot match {@code text}, {@link #FULL_SCAN} when it must be searched
     * normally, else the positions where one of its literals starts (every match starts at one of them).
     */
    int[][] starts(String text, int patterns) {
        int[][] out = new int[patterns][];
        int[] counts = new int[patterns];
        for (int p = alwaysRun.nextSetBit(0); p >= 0; p = alwaysRun.nextSetBit(p + 1)) out[p] = FULL_SCAN;
        for (int i = 0; i + MIN <= text.length(); i++) {
            int k = key(text, i);
            Literal[] ls = k < 0 ? null : byPrefix[k];
            if (ls == null) continue;
            for (Literal l : ls) {
                int p = l.pattern;
                if (out[p] == FULL_SCAN || !text.startsWith(l.text, i)) continue;
                if (out[p] == null) out[p] = new int[4];
                if (counts[p] > 0 && out[p][counts[p] - 1] == i) continue;
                if (counts[p] == MAX_STARTS) {
                    out[p] = FULL_SCAN;
                    continue;
                }
                if (counts[p] == out[p].length) out[p] = java.util.Arrays.copyOf(out[p], out[p].length * 2);
                out[p][counts[p]++] = i;
            }
        }
        for (int p = 0; p < patterns; p++) if (out[p] != null && out[p] != FULL_SCAN) out[p] = java.util.Arrays.copyOf(out[p], counts[p]);
        return out;
    }

    int prefiltered() {
        return (int) java.util.Arrays.stream(byPrefix).filter(java.util.Objects::nonNull).flatMap(java.util.Arrays::stream)
                .mapToInt(Literal::pattern).distinct().count();
    }

    /** Table index of the two characters at {@code i}, or -1 when either is not ASCII. */
    private static int key(String s, int i) {
        char a = s.charAt(i), b = s.charAt(i + 1);
        return a < 128 && b < 128 ? a * 128 + b : -1;
    }

    /** Literals one of which starts every match of {@code regex}, or null when none can be derived. */
    static List<String> literals(String regex) {
        List<String> out = new ArrayList<>();
        for (String branch : split(regex)) {
            List<String> b = branchLiterals(branch);
            if (b == null) return null;
            out.addAll(b);
        }
        return out;
    }

    private static List<String> branchLiterals(String branch) {
        String b = branch;
        while (b.startsWith("\\b") || b.startsWith("(?<!") || b.startsWith("(?<=")) {
            if (b.startsWith("\\b")) b = b.substring(2);
            else b = b.substring(close(b, 0) + 1);
        }
        if (b.startsWith("(?:")) {
            int end = close(b, 0);
            if (end < 0) return null;
            if (end + 1 < b.length() && "?*{".indexOf(b.charAt(end + 1)) >= 0) return null;
            return literals(b.substring(3, end));
        }
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < b.length()) {
            char c = b.charAt(i);
            if (c == '\\' && i + 1 < b.length() && "|[]().?*+{}\\/-\"".indexOf(b.charAt(i + 1)) >= 0) {
                lit.append(b.charAt(i + 1));
                i += 2;
            } else if (isLiteral(c)) {
                lit.append(c);
                i++;
            } else {
                break;
            }
        }
        if (i < b.length() && "?*{".indexOf(b.charAt(i)) >= 0 && !lit.isEmpty()) {
            lit.setLength(lit.length() - 1);
        } else if (b.startsWith("(?:", i) && !lit.isEmpty()) {
            List<String> rest = branchLiterals(b.substring(i));
            if (rest != null) return rest.stream().map(r -> lit + r).toList();
        }
        return lit.length() >= MIN ? List.of(lit.toString()) : null;
    }

    private static boolean isLiteral(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c == '-' || c == ':' || c == '<' || c == '>' || c == '!' || c == '=' || c == '/' || c == '#' || c == '"' || c == '_' || c == ',';
    }

    /** Splits at top-level {@code |}. */
    private static List<String> split(String regex) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            if (regex.charAt(i) == '|') {
                out.add(regex.substring(start, i));
                start = i + 1;
            }
            i = skip(regex, i);
            if (i < 0) return List.of(regex);
        }
        out.add(regex.substring(start));
        return out;
    }

    /** Index of the parenthesis closing the group that opens at {@code open}, or -1. */
    private static int close(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            if (s.charAt(i) == ')') return i;
            i = skip(s, i);
            if (i < 0) return -1;
        }
        return -1;
    }

    /** Index of the last character of the atom starting at {@code i}: an escape, a character class or a group; -1 if unclosed. */
    private static int skip(String s, int i) {
        char c = s.charAt(i);
        if (c == '\\') return Math.min(i + 1, s.length() - 1);
        if (c == '(') return close(s, i);
        if (c != '[') return i;
        for (int k = i + 1; k < s.length(); k++) {
            if (s.charAt(k) == '\\') k++;
            else if (s.charAt(k) == ']' && k > i + 1) return k;
        }
        return -1;
    }
}
