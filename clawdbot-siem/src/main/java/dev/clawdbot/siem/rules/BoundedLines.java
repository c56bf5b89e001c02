package dev.clawdbot.siem.rules;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@link #MAX} characters: a longer line is cut there and the rest of it skipped, so
 * one endless line cannot grow memory (Wazuh's own limit is 64 KiB per event). {@code \r\n} ends a line too.
 */
public final class BoundedLines {

    /** Wazuh's OS_MAXSTR. */
    public static final int MAX = 65_536;

    private final Reader in;
    private final char[] buf = new char[8192];
    private int pos;
    private int end;
    private long truncated;

    public BoundedLines(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at end of input. */
    public String next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        boolean cut = false;
        while (true) {
            if (pos == end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any ? finish(line, cut) : null;
                }
            }
            any = true;
            char c = buf[pos++];
            if (c == '\n') return finish(line, cut);
            if (line.length() < MAX) line.append(c);
            else cut = true;
        }
    }

    private String finish(StringBuilder line, boolean cut) {
        if (cut) truncated++;
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
        return line.toString();
    }

    /** How many lines were cut at {@link #MAX} so far. */
    public long truncated() {
        return truncated;
    }
}
