package dev.clawdbot.fleet.remote;

import java.util.ArrayList;
import java.util.List;

/** Plain-code helpers for remote output: linear, no pattern engine. */
final class Text {
    private Text() {
    }

    /** Lines of {@code s}, at most {@code max} (the capture cap bounds {@code s} already). */
    static List<String> lines(String s, int max) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < s.length() && out.size() < max) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl;
            String line = s.substring(start, end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            out.add(line);
            start = end + 1;
        }
        return out;
    }

    /** Fields separated by blanks; the last holds the rest of the line (mount points may contain spaces). */
    static List<String> fields(String line, int max) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && blank(line.charAt(i))) i++;
            if (i >= n) break;
            if (out.size() == max - 1) {
                out.add(line.substring(i).strip());
                break;
            }
            int start = i;
            while (i < n && !blank(line.charAt(i))) i++;
            out.add(line.substring(start, i));
        }
        return out;
    }

    /** Fields split on one character, exactly (empty fields kept). */
    static List<String> split(String line, char sep) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == sep) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    /** A decimal number, or NaN when {@code s} is none ("-", "[N/A]", empty). */
    static double number(String s) {
        String t = s.strip();
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1);
        if (t.isEmpty() || t.length() > 32) return Double.NaN;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0 || c == 'e' || c == 'E' || c == '+')) return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code s} cut to {@code max} characters with an ellipsis, control characters replaced by spaces. */
    static String clip(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return s.length() > max ? b.append('…').toString() : b.toString();
    }
}
