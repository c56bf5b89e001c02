package dev.clawdbot.siem.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wazuh's OS_Regex dialect ({@code \w \d \s \t \p \W \D \S \.}, {@code +} and {@code *} after a class,
 * {@code ^ $ |}, parentheses capture; case-insensitive), run by {@link BitState} on lines of ordinary length and by
 * a Pike VM on longer ones: either way time is linear in the input times the pattern size, whatever the input, so
 * a hostile log line cannot make it blow up.
 *
 * <p>Wazuh's own matcher is a hand-written scanner whose {@code +}/{@code *} stop as soon as the next
 * pattern element matches (and step back to that choice on a later failure); the last element of an
 * alternative keeps consuming. Here a repetition therefore prefers to stop (lazy) unless it is the last
 * element of its alternative (greedy), which gives the same captures for the patterns Wazuh's rulesets use.
 */
final class OsRegex {

    private static final String PUNCT = "()*+,-.:;<=>?[]!\"'#$%&|{}";

    // Instruction opcodes (read by BitState too).
    static final int CHAR = 0, CLASS = 1, SPLIT = 2, JMP = 3, SAVE = 4, END = 5, MATCH = 6;

    private final int[] op;
    private final int[] a;
    private final int[] b;
    private final int groups;
    private final String source;
    /**
     * How each alternative can start, to seed the VM only where a match may begin (most positions of a log line
     * cannot start any alternative): {@code ^} (only at 0), {@code *} (anywhere), or a literal or class.
     */
    private final String[] starts;
    private final boolean onlyAtZero;
    /** {@link #starts} folded for ASCII characters: some alternative starts anywhere, or the ASCII ones that start one. */
    private final boolean startsAnywhere;
    private final boolean anchoredAlternative;
    private final long startLow;
    private final long startHigh;
    private final PikeVm pikeVm;
    /** Per instruction, its row of {@link BitState}'s marks or -1; and how many rows. */
    private final int[] markRows;
    private final int markCount;

    /**
     * Per alternative, a literal every match contains; null when some alternative has none of length 2+. A line
     * containing none of them cannot match, and most lines fail most patterns: this check skips the VM for them.
     */
    private final String[] required;

    /**
     * Per alternative, how its first consuming element can start (the layout of {@link #starts}, never {@code ^}); for
     * a pattern whose alternatives are all anchored, the one character at the search's start decides whether it can
     * match at all, which is cheaper than looking for {@link #required} along the whole line.
     */
    private final String[] firsts;
    private final boolean firstAnything;
    private final long firstLow;
    private final long firstHigh;

    private OsRegex(int[] op, int[] a, int[] b, int groups, String source, String[] starts, String[] required, String[] firsts) {
        this.required = required;
        this.firsts = firsts;
        this.firstAnything = Arrays.stream(firsts).anyMatch(x -> x.equals("*"));
        this.firstLow = asciiBits(firsts, 0);
        this.firstHigh = asciiBits(firsts, 64);
        this.op = op;
        this.a = a;
        this.b = b;
        this.groups = groups;
        this.source = source;
        this.starts = starts;
        this.onlyAtZero = Arrays.stream(starts).allMatch(x -> x.equals("^"));
        this.startsAnywhere = Arrays.stream(starts).anyMatch(x -> x.equals("*"));
        this.anchoredAlternative = Arrays.stream(starts).anyMatch(x -> x.equals("^"));
        this.startLow = asciiBits(starts, 0);
        this.startHigh = asciiBits(starts, 64);
        this.markRows = BitState.markRows(op, a, b);
        this.markCount = Arrays.stream(markRows).max().orElse(-1) + 1;
        this.pikeVm = new PikeVm(this);
    }

    /** Bit {@code c - base} set for each of the ASCII characters {@code base .. base + 63} that {@code starts} admit. */
    private static long asciiBits(String[] starts, int base) {
        long bits = 0;
        for (int c = base; c < base + 64; c++) if (startsWith(starts, (char) c)) bits |= 1L << (c - base);
        return bits;
    }

    /** Whether some alternative could begin a match at {@code pos} of a search that starts at {@code from}. */
    boolean canStart(CharSequence s, int pos, int from) {
        if (startsAnywhere || pos == from && anchoredAlternative) return true;
        if (pos >= s.length()) return false;
        char c = s.charAt(pos);
        // One bit test per position on ASCII text; other characters (whose lower case may be ASCII) take the long way.
        if (c < 128) return ((c < 64 ? startLow >>> c : startHigh >>> (c - 64)) & 1L) != 0;
        return startsWith(starts, c);
    }

    /** Whether some alternative's first consuming element can take the character at {@code pos} (or needs none). */
    private boolean firstTakes(CharSequence s, int pos) {
        if (firstAnything) return true;
        if (pos >= s.length()) return false;
        char c = s.charAt(pos);
        if (c < 128) return ((c < 64 ? firstLow >>> c : firstHigh >>> (c - 64)) & 1L) != 0;
        return startsWith(firsts, c);
    }

    /** Whether some unanchored alternative in {@code starts} can begin with {@code c}. */
    private static boolean startsWith(String[] starts, char c) {
        for (String st : starts) {
            switch (st.charAt(0)) {
                case '^' -> {
                }
                case '*' -> {
                    return true;
                }
                case 'L' -> {
                    if (Character.toLowerCase(c) == st.charAt(1)) return true;
                }
                default -> {
                    if (inClass(st.charAt(1), c)) return true;
                }
            }
        }
        return false;
    }

    /** Compiles {@code pattern}; throws {@link IllegalArgumentException} naming the offending construct. */
    static OsRegex compile(String pattern) {
        if (pattern.isEmpty()) throw new IllegalArgumentException("empty OS_Regex");
        Program p = new Program();
        List<String> alternatives = splitAlternatives(pattern);
        int groupsPerAlt = -1;
        // Alternatives are tried in order: SPLIT chains give the earlier one priority.
        List<Integer> jumpsToEnd = new ArrayList<>();
        for (int i = 0; i < alternatives.size(); i++) {
            int split = -1;
            if (i < alternatives.size() - 1) split = p.emit(SPLIT, 0, 0);
            int start = p.size();
            // Each alternative fills captures from the first; the widest one sets the count.
            groupsPerAlt = Math.max(groupsPerAlt, compileAlternative(alternatives.get(i), p));
            jumpsToEnd.add(p.emit(JMP, 0, 0));
            if (split >= 0) {
                p.a[split] = start;
                p.b[split] = p.size();
            }
        }
        int match = p.emit(MATCH, 0, 0);
        for (int j : jumpsToEnd) p.a[j] = match;
        return new OsRegex(Arrays.copyOf(p.op, p.n), Arrays.copyOf(p.a, p.n), Arrays.copyOf(p.b, p.n),
                Math.max(groupsPerAlt, 0), pattern, p.starts.toArray(String[]::new),
                p.required.stream().anyMatch(r -> r.length() < 2) ? null : p.required.toArray(String[]::new),
                p.firsts.toArray(String[]::new));
    }

    private static List<String> splitAlternatives(String pattern) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                cur.append(c).append(pattern.charAt(++i));
            } else if (c == '|') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        // An empty alternative ("a||b", a trailing '|' left by a variable) is skipped (Wazuh's own rule files contain them).
        out.removeIf(String::isEmpty);
        if (out.isEmpty()) throw new IllegalArgumentException("empty OS_Regex '" + pattern + "'");
        return out;
    }

    private sealed interface Element permits Lit, Cls, Open, Close {
    }

    private record Lit(char c) implements Element {
    }

    private record Cls(char cls, char quant) implements Element {
    }

    private record Open() implements Element {
    }

    private record Close() implements Element {
    }

    /** Returns the number of capture groups in the alternative. */
    private static int compileAlternative(String alt, Program p) {
        boolean begin = alt.startsWith("^");
        int from = begin ? 1 : 0;
        int to = alt.length();
        boolean end = false;
        if (to > from && alt.charAt(to - 1) == '$' && !escaped(alt, to - 1)) {
            end = true;
            to--;
        }
        List<Element> elements = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = alt.charAt(i);
            if (c == '\\') {
                if (i + 1 >= to) throw new IllegalArgumentException("trailing backslash in OS_Regex '" + alt + "'");
                char e = alt.charAt(++i);
                switch (e) {
                    case 'w', 'd', 's', 't', 'p', 'W', 'D', 'S', '.' -> {
                        char q = i + 1 < to && (alt.charAt(i + 1) == '+' || alt.charAt(i + 1) == '*') ? alt.charAt(++i) : 0;
                        elements.add(new Cls(e, q));
                    }
                    case '$', '(', ')', '\\', '|', '^', '*', '+', '<', '>', '!' -> elements.add(new Lit(e));
                    default -> throw new IllegalArgumentException("unsupported OS_Regex escape '\\" + e + "' in '" + alt + "'");
                }
            } else if (c == '(') {
                depth++;
                elements.add(new Open());
            } else if (c == ')') {
                if (--depth < 0) throw new IllegalArgumentException("unbalanced ')' in OS_Regex '" + alt + "'");
                elements.add(new Close());
            } else {
                elements.add(new Lit(c));
            }
        }
        if (depth != 0) throw new IllegalArgumentException("unbalanced '(' in OS_Regex '" + alt + "'");
        p.starts.add(startOf(begin, elements));
        p.firsts.add(startOf(false, elements));
        p.required.add(requiredLiteral(elements));
        int lastConsuming = -1;
        for (int i = 0; i < elements.size(); i++) if (elements.get(i) instanceof Lit || elements.get(i) instanceof Cls) lastConsuming = i;

        int group = 0;
        int[] open = new int[elements.size() + 1];
        int sp = 0;
        int saveIndex = 0;
        if (begin) {
            // Anchored: the VM starts threads only at position 0 for this alternative.
            p.emit(SPLIT, -2, 0);
        }
        for (int i = 0; i < elements.size(); i++) {
            Element el = elements.get(i);
            switch (el) {
                case Open o -> {
                    open[sp++] = saveIndex;
                    p.emit(SAVE, 2 + 2 * saveIndex, 0);
                    saveIndex++;
                    group++;
                }
                case Close c -> p.emit(SAVE, 3 + 2 * open[--sp], 0);
                case Lit l -> p.emit(CHAR, Character.toLowerCase(l.c()), 0);
                case Cls k -> {
                    boolean greedy = i == lastConsuming;
                    if (k.quant() == 0) {
                        p.emit(CLASS, k.cls(), 0);
                    } else if (k.quant() == '+') {
                        int body = p.emit(CLASS, k.cls(), 0);
                        int split = p.emit(SPLIT, 0, 0);
                        if (greedy) {
                            p.a[split] = body;
                            p.b[split] = split + 1;
                        } else {
                            p.a[split] = split + 1;
                            p.b[split] = body;
                        }
                    } else {
                        int split = p.emit(SPLIT, 0, 0);
                        int body = p.emit(CLASS, k.cls(), 0);
                        p.emit(JMP, split, 0);
                        if (greedy) {
                            p.a[split] = body;
                            p.b[split] = p.size();
                        } else {
                            p.a[split] = p.size();
                            p.b[split] = body;
                        }
                    }
                }
            }
        }
        if (end) p.emit(END, 0, 0);
        return group;
    }

    /** The longest run of literals every match of the alternative contains (lower case; empty when none). */
    private static String requiredLiteral(List<Element> elements) {
        String best = "";
        StringBuilder run = new StringBuilder();
        for (Element e : elements) {
            switch (e) {
                case Lit l -> run.append(Character.toLowerCase(l.c()));
                case Open o -> {
                }
                case Close c -> {
                }
                case Cls k -> {
                    if (run.length() > best.length()) best = run.toString();
                    run.setLength(0);
                }
            }
        }
        return run.length() > best.length() ? run.toString() : best;
    }

    private static String startOf(boolean begin, List<Element> elements) {
        if (begin) return "^";
        for (Element e : elements) {
            switch (e) {
                case Lit l -> {
                    return "L" + Character.toLowerCase(l.c());
                }
                case Cls k -> {
                    return k.quant() == '*' ? "*" : "C" + k.cls();
                }
                default -> {
                }
            }
        }
        return "*";
    }

    private static boolean escaped(String s, int i) {
        int n = 0;
        while (i - 1 - n >= 0 && s.charAt(i - 1 - n) == '\\') n++;
        return n % 2 == 1;
    }

    /** Per class letter, which of the 128 ASCII characters it holds (two words): most log text is ASCII. */
    private static final long[] ASCII_LOW = new long[128];
    private static final long[] ASCII_HIGH = new long[128];

    static {
        for (char cls : "wWdDsStp.".toCharArray()) {
            for (char c = 0; c < 128; c++) {
                if (!classHolds(cls, c)) continue;
                if (c < 64) ASCII_LOW[cls] |= 1L << c;
                else ASCII_HIGH[cls] |= 1L << (c - 64);
            }
        }
    }

    static boolean inClass(char cls, char c) {
        if (c < 128 && cls < 128) return ((c < 64 ? ASCII_LOW[cls] >>> c : ASCII_HIGH[cls] >>> (c - 64)) & 1L) != 0;
        return classHolds(cls, c);
    }

    private static boolean classHolds(char cls, char c) {
        return switch (cls) {
            case 'w' -> isWord(c);
            case 'W' -> !isWord(c);
            case 'd' -> c >= '0' && c <= '9';
            case 'D' -> !(c >= '0' && c <= '9');
            case 's' -> c == ' ';
            case 'S' -> c != ' ';
            case 't' -> c == '\t';
            case 'p' -> PUNCT.indexOf(c) >= 0;
            case '.' -> true;
            default -> false;
        };
    }

    private static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '@' || c == '_';
    }

    int groups() {
        return groups;
    }

    int[] markRows() {
        return markRows;
    }

    int markCount() {
        return markCount;
    }

    int[] op() {
        return op;
    }

    int[] a() {
        return a;
    }

    int[] b() {
        return b;
    }

    boolean onlyAtZero() {
        return onlyAtZero;
    }

    @Override
    public String toString() {
        return source;
    }

    /**
     * The leftmost match in {@code s}, or null: {@code [start, end, g1start, g1end, ...]} with -1 for a group
     * that did not take part. Lines of ordinary length go through {@link BitState}, longer ones through the Pike
     * VM; both give the same answer in linear time.
     */
    int[] find(CharSequence s) {
        return find(s, 0);
    }

    /**
     * {@link #find} on {@code s} from {@code from} on, as if on {@code s.subSequence(from, s.length())} ({@code ^}
     * anchors at {@code from}), without copying it; the offsets returned are {@code s}'s.
     */
    int[] find(CharSequence s, int from) {
        // Both checks only skip lines the engines would reject: a cheap necessary condition each.
        if (onlyAtZero && !firstTakes(s, from)) return null;
        if (required != null && !containsAny(s, from)) return null;
        if (BitState.fits(markCount, s.length() - from)) {
            int[] m = BitState.search(this, s, from);
            if (m != BitState.TOO_DEEP) return m;
        }
        return pikeVm.search(s, from);
    }

    /**
     * {@link #find} by the Pike VM alone, whatever the length, without the first-character and required-literal
     * checks: the reference the fast path and those prefilters are tested against.
     */
    int[] findByPikeVm(CharSequence s) {
        return findByPikeVm(s, 0);
    }

    int[] findByPikeVm(CharSequence s, int from) {
        return pikeVm.search(s, from);
    }

    private boolean containsAny(CharSequence s, int from) {
        // An ASCII line is folded once (shared with the rules' OS_Match tests of the same string) and searched with
        // the vectorised String.indexOf; for ASCII text Character.toLowerCase is exactly that fold.
        String low = s instanceof String str ? OsMatch.asciiFolded(str) : null;
        for (String r : required) {
            if ((low != null ? low.indexOf(r, from) : indexOfIgnoreCase(s, from, r)) >= 0) return true;
        }
        return false;
    }

    private static int indexOfIgnoreCase(CharSequence s, int from, String lower) {
        char first = lower.charAt(0);
        int n = lower.length();
        outer:
        for (int i = from; i + n <= s.length(); i++) {
            if (Character.toLowerCase(s.charAt(i)) != first) continue;
            for (int k = 1; k < n; k++) if (Character.toLowerCase(s.charAt(i + k)) != lower.charAt(k)) continue outer;
            return i;
        }
        return -1;
    }

    private static final class Program {
        int[] op = new int[16];
        int[] a = new int[16];
        int[] b = new int[16];
        int n;
        final List<String> starts = new ArrayList<>();
        final List<String> firsts = new ArrayList<>();
        final List<String> required = new ArrayList<>();

        int emit(int o, int x, int y) {
            if (n == op.length) {
                op = Arrays.copyOf(op, n * 2);
                a = Arrays.copyOf(a, n * 2);
                b = Arrays.copyOf(b, n * 2);
            }
            op[n] = o;
            a[n] = x;
            b[n] = y;
            return n++;
        }

        int size() {
            return n;
        }
    }
}
