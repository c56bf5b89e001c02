package dev.clawdbot.sandbox.tools;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Model-supplied patterns compiled with RE2/J, whose matching time is linear in the input: the gateway never runs
 * them with the backtracking {@code java.util.regex} ({@code (.*a){25}$} on a 74-character line never finished
 * there). RE2/J itself expands counted repetition at compile time ({@code ((a{1000}){1000}){1000}} ran the heap
 * out in 5 s), so the expanded size is estimated first and refused above {@link #MAX_SIZE}.
 */
final class SafeRegex {
    static final int MAX_PATTERN = 1_000;
    static final long MAX_SIZE = 20_000;

    /** A pattern the tool refuses; the message tells the model what to change. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private SafeRegex() {
    }

    static Pattern compile(String regex) throws Refused {
        if (regex.length() > MAX_PATTERN) throw new Refused("regex longer than " + MAX_PATTERN + " characters");
        long size = expandedSize(regex);
        if (size > MAX_SIZE) {
            throw new Refused("regex too large: counted repetition expands to about " + size + " steps (at most " + MAX_SIZE + ")");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new Refused("invalid regex (RE2 syntax: backreferences, lookaround, possessive quantifiers and atomic"
                    + " groups are not supported): " + e.getMessage().replace("error parsing regexp: ", ""));
        }
    }

    /**
     * A path glob ({@code *}, {@code **}, {@code ?}, {@code [...]}, {@code [!...]}, {@code {a,b}}, {@code \\} escapes) as an
     * anchored RE2/J pattern: the JDK's glob matcher translates to {@code java.util.regex}, where
     * {@code *a*a*a*a*a*a*b} backtracks polynomially on a long name.
     */
    static Pattern glob(String glob) throws Refused {
        if (glob.length() > MAX_PATTERN) throw new Refused("glob longer than " + MAX_PATTERN + " characters");
        StringBuilder re = new StringBuilder("^");
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    boolean dbl = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                    re.append(dbl ? ".*" : "[^/]*");
                    if (dbl) i++;
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    if (inGroup) throw new Refused("invalid glob: nested '{' at " + i);
                    inGroup = true;
                    re.append("(?:");
                }
                case '}' -> {
                    if (inGroup) re.append(')');
                    else re.append("\\}");
                    inGroup = false;
                }
                case ',' -> re.append(inGroup ? "|" : ",");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) throw new Refused("invalid glob: '[' at " + i + " is not closed");
                    String body = glob.substring(i + 1, end);
                    re.append('[').append(body.startsWith("!") ? "^/" : "").append(quoteClass(body.startsWith("!") ? body.substring(1) : body)).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (++i >= glob.length()) throw new Refused("invalid glob: trailing '\\'");
                    re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inGroup) throw new Refused("invalid glob: '{' is not closed");
        try {
            return Pattern.compile(re.append('$').toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new Refused("invalid glob: " + e.getMessage().replace("error parsing regexp: ", ""));
        }
    }

    /** Inside a class only {@code \\}, {@code [} and {@code ]} need escaping; {@code -} keeps its range meaning. */
    private static String quoteClass(String body) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' || c == '[' || c == ']' || (c == '^' && i == 0)) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    /** Pattern size with every {@code {n,m}} applied to the atom before it; groups multiply their contents. */
    static long expandedSize(String re) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: {size so far, size of the last atom}
        long[] cur = {0, 0};
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 < re.length() && re.charAt(i + 1) == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    int stop = end < 0 ? re.length() : end;
                    atom(cur, Math.max(1, stop - i - 2));
                    i = end < 0 ? re.length() : end + 2;
                } else {
                    atom(cur, 1);
                    i += 2;
                }
            } else if (c == '[') {
                i = classEnd(re, i);
                atom(cur, 1);
            } else if (c == '(') {
                groups.push(cur);
                cur = new long[]{0, 0};
                i++;
            } else if (c == ')') {
                long inner = Math.max(1, cur[0]);
                cur = groups.isEmpty() ? new long[]{0, 0} : groups.pop();
                atom(cur, inner);
                i++;
            } else if (c == '{') {
                int close = re.indexOf('}', i);
                long n = close < 0 ? -1 : repeatCount(re.substring(i + 1, close));
                if (n < 0) {
                    atom(cur, 1);
                    i++;
                } else {
                    long rep = times(cur[1], n);
                    cur[0] = saturate(cur[0] - cur[1] + rep);
                    cur[1] = rep;
                    i = close + 1;
                }
            } else {
                if (c != '*' && c != '+' && c != '?' && c != '|') atom(cur, 1);
                i++;
            }
        }
        long total = cur[0];
        while (!groups.isEmpty()) total = saturate(total + groups.pop()[0]);
        return total;
    }

    private static void atom(long[] cur, long size) {
        cur[0] = saturate(cur[0] + size);
        cur[1] = size;
    }

    private static int classEnd(String re, int open) {
        int i = open + 1;
        if (i < re.length() && re.charAt(i) == '^') i++;
        if (i < re.length() && re.charAt(i) == ']') i++;
        while (i < re.length() && re.charAt(i) != ']') i += re.charAt(i) == '\\' ? 2 : 1;
        return Math.min(re.length(), i + 1);
    }

    /** {@code n}, {@code n,} or {@code n,m} as the larger bound (n+1 for open), or -1 when not a repetition. */
    private static long repeatCount(String body) {
        int comma = body.indexOf(',');
        String lo = comma < 0 ? body : body.substring(0, comma);
        String hi = comma < 0 ? "" : body.substring(comma + 1);
        if (lo.isEmpty() || lo.length() > 6 || !digits(lo) || hi.length() > 6 || !digits(hi)) return -1;
        long n = Long.parseLong(lo);
        return comma < 0 ? n : hi.isEmpty() ? n + 1 : Math.max(n, Long.parseLong(hi));
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static final long CAP = 1L << 40;

    private static long times(long a, long b) {
        return b != 0 && a > CAP / b ? CAP : saturate(a * b);
    }

    private static long saturate(long v) {
        return v < 0 || v > CAP ? CAP : v;
    }
}
