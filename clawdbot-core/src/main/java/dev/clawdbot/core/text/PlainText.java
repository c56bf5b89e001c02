package dev.clawdbot.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Single-pass replacements for the {@code String} regex helpers ({@code split}, {@code replaceAll}) on text that may come
 * from outside: mail, command output, HTTP bodies. Untrusted text never meets {@code java.util.regex} (a backtracking
 * engine); each method here gives exactly the result of the regex call it names ({@code PlainTextTest} compares them on
 * seeded random texts).
 */
public final class PlainText {

    private PlainText() {
    }

    /** {@code s.split("\\s+", limit)} for {@code limit > 0}: runs of {@code [ \t\n\x0B\f\r]} separate at most {@code limit} fields. */
    public static String[] splitWhitespace(String s, int limit) {
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive: " + limit);
        if (s.isEmpty()) return new String[]{""};
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = s.length();
        while (i < n && out.size() < limit - 1) {
            if (isRegexSpace(s.charAt(i))) {
                int end = i;
                while (i < n && isRegexSpace(s.charAt(i))) i++;
                out.add(s.substring(start, end));
                start = i;
            } else {
                i++;
            }
        }
        out.add(s.substring(start));
        return out.toArray(String[]::new);
    }

    /** {@code s.replaceAll("\\p{Cntrl}", " ")}: every ASCII control character (U+0000–U+001F, U+007F) becomes a space. */
    public static String controlsToSpaces(String s) {
        return replaceControls(s, ' ');
    }

    /** {@code s.replaceAll("\\p{Cntrl}", "" + with)}. */
    public static String replaceControls(String s, char with) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) sb = new StringBuilder(s);
                sb.setCharAt(i, with);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** {@code s.replaceAll("[^\\x20-\\x7e]", "?")}: anything but printable ASCII becomes {@code ?} (per UTF-16 unit, as the regex). */
    public static String printableAscii(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                if (sb == null) sb = new StringBuilder(s);
                sb.setCharAt(i, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Java's {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
