package dev.clawdbot.ops.calendar;

/** ASCII-only case folding, as C's strcasecmp in the C locale (Java's would fold U+212A KELVIN SIGN to 'k'). */
final class Ascii {
    private Ascii() {
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    static String lower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) b.append(lower(s.charAt(i)));
        return b.toString();
    }

    static boolean endsWithIgnoreCase(String s, String suffix) {
        int off = s.length() - suffix.length();
        if (off < 0) return false;
        for (int i = 0; i < suffix.length(); i++) {
            if (lower(s.charAt(off + i)) != lower(suffix.charAt(i))) return false;
        }
        return true;
    }
}
