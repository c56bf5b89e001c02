package dev.clawdbot.guard.ml;

/**
 * Overlapping windows over a long text, so one planted sentence is not diluted by the thousands of ordinary
 * characters around it: {@value #SIZE} characters, a new window every {@value #STRIDE}, the last one ending at the
 * text's end. A text up to {@value #SIZE} characters is one window. Window starts move back to a space within 32
 * characters so words stay whole (not the last, which must reach the end).
 */
final class Windows {

    static final int SIZE = 256;
    static final int STRIDE = 128;

    private Windows() {
    }

    /** Start offsets of the windows over {@code text}; window i is {@code [start[i], min(start[i] + SIZE, length))}. */
    static int[] starts(String text) {
        int n = text.length();
        if (n <= SIZE) return new int[]{0};
        int count = (n - SIZE + STRIDE - 1) / STRIDE + 1;
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int s = Math.min(i * STRIDE, n - SIZE);
            if (i == count - 1) {
                out[i] = s;
                break;
            }
            int back = s;
            while (back > 0 && back > s - 32 && text.charAt(back - 1) != ' ') back--;
            out[i] = back > 0 && text.charAt(back - 1) == ' ' ? back : s;
        }
        return out;
    }

    static String window(String text, int start) {
        return text.substring(start, Math.min(text.length(), start + SIZE));
    }
}
