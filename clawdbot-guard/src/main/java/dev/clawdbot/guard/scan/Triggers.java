package dev.clawdbot.guard.scan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A prefilter for the pattern pack. From each pattern's source it derives literals one of which starts every match
 * (the leading words of its alternatives) and, where it can, a second set one of which occurs inside every match
 * (a later mandatory group or word, the rarest-looking one). One linear pass over a text finds the literals present;
 * a pattern runs its regex only at the positions of its leading literals (or everywhere when none are derivable), and
 * not at all when its required set is absent from the text. Short leading words ("in", "do") occur everywhere; the
 * required set ("fictional world", "/etc/shadow") rarely does.
 */
final class Triggers {

    private static final int MIN = 2;

    /** Two-character literals (both ASCII, as pattern literals are), indexed {@code c0 * 128 + c1}: found when the key is. */
    private final Literal[][] byPrefix = new Literal[128 * 128][];
    /** Longer literals by a hash of their first three characters; a hit is confirmed character by character. */
    private final Literal[][] byTrigram = new Literal[1 << 14][];
    private final BitSet alwaysRun = new BitSet();
    private final BitSet hasRequired = new BitSet();
    /** Per thread, {@link #MAX_STARTS} start positions per pattern, so a scan allocates only what it returns. */
    private final ThreadLocal<int[]> scratch;

    /** A literal of pattern {@code pattern}: a leading one, or ({@code required}) one of its required set. */
    private record Literal(String text, int pattern, boolean required) {
    }

    Triggers(List<String> sources) {
        int size = sources.size() * MAX_STARTS;
        this.scratch = ThreadLocal.withInitial(() -> new int[size]);
        for (int i = 0; i < sources.size(); i++) {
            List<String> req = required(sources.get(i));
            if (req != null) {
                hasRequired.set(i);
                for (String l : req) register(l, i, true);
            }
            List<String> lits = literals(sources.get(i));
            if (lits == null) {
                alwaysRun.set(i);
                continue;
            }
            if (lits.stream().anyMatch(l -> key(l, 0) < 0)) {
                alwaysRun.set(i);
                continue;
            }
            for (String l : lits) register(l, i, false);
        }
    }

    private void register(String literal, int pattern, boolean required) {
        Literal[][] table = literal.length() == 2 ? byPrefix : byTrigram;
        int k = literal.length() == 2 ? key(literal, 0) : trigram(literal, 0);
        Literal[] old = table[k] == null ? new Literal[0] : table[k];
        Literal[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = new Literal(literal, pattern, required);
        table[k] = grown;
    }

    private static int trigram(String s, int i) {
        return ((s.charAt(i) * 31 + s.charAt(i + 1)) * 31 + s.charAt(i + 2)) & ((1 << 14) - 1);
    }

    /** Marks a pattern that must be searched from the start of the text. */
    static final int[] FULL_SCAN = new int[0];
    /**
     * Beyond this many trigger positions a pattern is searched in full. 128, not 32: an anchored try stops where its
     * last thread dies (see {@link PatternPack.Entry}), so even 128 tries cost less than one unanchored RE2/J search of
     * a 4 KB text; at 32, "do"/"no" overflowed on e-mails and {@code override.do-not-follow.en} ran in full (1.2 of
     * the pack's 1.6 ms per 4 KB mail; 0.55 ms with 128). The scratch buffer is 108 x 128 ints (55 KB) per thread.
     */
    private static final int MAX_STARTS = 128;

    /**
     * Per pattern index: null when the pattern cannot match {@code text}, {@link #FULL_SCAN} when it must be searched
     * normally, else the positions where one of its literals starts (every match starts at one of them).
     */
    int[][] starts(String text, int patterns) {
        int[] flat = scratch.get();
        if (flat.length < patterns * MAX_STARTS) flat = new int[patterns * MAX_STARTS];
        int[] counts = new int[patterns];
        boolean[] full = new boolean[patterns];
        boolean[] present = new boolean[patterns];
        for (int p = alwaysRun.nextSetBit(0); p >= 0; p = alwaysRun.nextSetBit(p + 1)) full[p] = true;
        int n = text.length();
        for (int i = 0; i + MIN <= n; i++) {
            int k = key(text, i);
            Literal[] pairs = k < 0 ? null : byPrefix[k];
            if (pairs != null) for (Literal l : pairs) found(l, i, flat, counts, full, present);
            Literal[] longer = i + 3 <= n ? byTrigram[trigram(text, i)] : null;
            if (longer == null) continue;
            for (Literal l : longer) if (occursAt(l.text, text, i)) found(l, i, flat, counts, full, present);
        }
        int[][] out = new int[patterns][];
        for (int p = 0; p < patterns; p++) {
            if ((!full[p] && counts[p] == 0) || (hasRequired.get(p) && !present[p])) continue;
            out[p] = full[p] ? FULL_SCAN : java.util.Arrays.copyOfRange(flat, p * MAX_STARTS, p * MAX_STARTS + counts[p]);
        }
        return out;
    }

    private static boolean occursAt(String literal, String text, int i) {
        int len = literal.length();
        if (i + len > text.length()) return false;
        for (int k = 0; k < len; k++) if (text.charAt(i + k) != literal.charAt(k)) return false;
        return true;
    }

    /**
     * Records that literal {@code l} occurs at {@code i}: marks a required literal present, or adds a start position to
     * the pattern's slice of {@code flat} (at most {@link #MAX_STARTS}; beyond that the pattern is searched in full).
     */
    private static void found(Literal l, int i, int[] flat, int[] counts, boolean[] full, boolean[] present) {
        int p = l.pattern;
        if (l.required) {
            present[p] = true;
            return;
        }
        if (full[p]) return;
        int c = counts[p];
        if (c > 0 && flat[p * MAX_STARTS + c - 1] == i) return;
        if (c == MAX_STARTS) {
            full[p] = true;
            return;
        }
        flat[p * MAX_STARTS + c] = i;
        counts[p] = c + 1;
    }

    int prefiltered() {
        return (int) java.util.stream.Stream.concat(java.util.Arrays.stream(byPrefix), java.util.Arrays.stream(byTrigram))
                .filter(java.util.Objects::nonNull).flatMap(java.util.Arrays::stream).filter(l -> !l.required).mapToInt(Literal::pattern).distinct().count();
    }

    /** How many patterns have a required literal set. */
    int withRequired() {
        return hasRequired.cardinality();
    }

    private static final int MIN_REQUIRED = 3;

    /**
     * Literals one of which occurs in every match of {@code regex}, or null when none worth using (each at least three
     * characters, ASCII-led) can be derived: per top-level alternative, the best of its runs of literal characters and
     * its mandatory groups (whose own alternatives are read the same way, recursively).
     */
    static List<String> required(String regex) {
        return everyBranch(regex, Triggers::requiredIn);
    }

    private static List<String> requiredIn(String branch) {
        List<String> best = null;
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i < branch.length()) {
            int end = skip(branch, i);
            if (end < 0) return null;
            int after = quantifierEnd(branch, end + 1);
            boolean quantified = after > end + 1;
            boolean optional = quantified && (branch.charAt(end + 1) == '?' || branch.charAt(end + 1) == '*' || branch.startsWith("{0", end + 1));
            char c = branch.charAt(i);
            Character literal = end == i && isLiteral(c) ? Character.valueOf(c)
                    : c == '\\' && end == i + 1 && "|[]().?*+{}\\/-\"~".indexOf(branch.charAt(end)) >= 0 ? Character.valueOf(branch.charAt(end)) : null;
            if (literal != null && !optional) {
                run.append(literal.charValue());
                if (quantified) best = better(best, run);
            } else {
                best = better(best, run);
                if (branch.startsWith("(?:", i) && !optional) {
                    List<String> group = required(branch.substring(i + 3, end));
                    if (group != null) best = better(best, group);
                }
            }
            if (quantified || literal == null || optional) run.setLength(0);
            i = after;
        }
        return better(best, run);
    }

    /** Index after the quantifier (if any) that starts at {@code i}: {@code ? * + {m,n}}, each possibly lazy or possessive. */
    private static int quantifierEnd(String s, int i) {
        if (i >= s.length()) return i;
        char c = s.charAt(i);
        int j;
        if (c == '?' || c == '*' || c == '+') j = i + 1;
        else if (c == '{' && s.indexOf('}', i) > i) j = s.indexOf('}', i) + 1;
        else return i;
        return j < s.length() && (s.charAt(j) == '?' || s.charAt(j) == '+') ? j + 1 : j;
    }

    private static List<String> better(List<String> best, CharSequence run) {
        return run.length() >= MIN_REQUIRED ? better(best, List.of(run.toString())) : best;
    }

    /** The set with the longer shortest literal (rarer), then the smaller set; sets with unusable literals lose. */
    private static List<String> better(List<String> best, List<String> candidate) {
        int min = candidate.stream().mapToInt(String::length).min().orElse(0);
        if (min < MIN_REQUIRED || candidate.stream().anyMatch(l -> key(l, 0) < 0)) return best;
        if (best == null) return candidate;
        int bestMin = best.stream().mapToInt(String::length).min().orElse(0);
        if (min != bestMin) return min > bestMin ? candidate : best;
        return candidate.size() < best.size() ? candidate : best;
    }

    /** Table index of the two characters at {@code i}, or -1 when either is not ASCII. */
    private static int key(String s, int i) {
        char a = s.charAt(i), b = s.charAt(i + 1);
        return a < 128 && b < 128 ? a * 128 + b : -1;
    }

    /** Literals one of which starts every match of {@code regex}, or null when none can be derived. */
    static List<String> literals(String regex) {
        return everyBranch(regex, Triggers::branchLiterals);
    }

    /** The union of {@code perBranch} over the top-level alternatives of {@code regex}; null if any gives null. */
    private static List<String> everyBranch(String regex, java.util.function.Function<String, List<String>> perBranch) {
        List<String> out = new ArrayList<>();
        for (String branch : split(regex)) {
            List<String> b = perBranch.apply(branch);
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
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '~' || c == '\'' || c == '-' || c == ':' || c == '<' || c == '>' || c == '!' || c == '=' || c == '/' || c == '#' || c == '"' || c == '_' || c == ',';
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
