package dev.clawdbot.fleet.monitor;

/** Small text helpers for causes built from what a monitored server sent. */
final class Text {
    private Text() {
    }

    /** At most {@code max} characters, control characters replaced, so a cause stays one short line. */
    static String clip(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 1));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > max) b.append('…');
        return b.toString();
    }
}
