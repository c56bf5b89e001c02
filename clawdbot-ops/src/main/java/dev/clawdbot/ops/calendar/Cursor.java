package dev.clawdbot.ops.calendar;

/** A read position in a string; {@link #at()} past the end is NUL, as the C parser sees its input. */
final class Cursor {
    private final String s;
    private int i;

    Cursor(String s) {
        this.s = s;
    }

    Cursor copy() {
        Cursor c = new Cursor(s);
        c.i = i;
        return c;
    }

    void moveTo(Cursor other) {
        i = other.i;
    }

    char at() {
        return at(0);
    }

    char at(int ahead) {
        int k = i + ahead;
        return k < s.length() ? s.charAt(k) : 0;
    }

    void skip(int n) {
        i += n;
    }

    int remaining() {
        return Math.max(0, s.length() - i);
    }

    void skipSpaces() {
        while (at() == ' ') i++;
    }

    String rest(int from) {
        return i + from >= s.length() ? "" : s.substring(i + from);
    }

    boolean startsWithIgnoreCase(String prefix) {
        if (remaining() < prefix.length()) return false;
        for (int k = 0; k < prefix.length(); k++) {
            if (Ascii.lower(s.charAt(i + k)) != Ascii.lower(prefix.charAt(k))) return false;
        }
        return true;
    }
}
