package dev.clawdbot.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict Server-Sent Events reader. Lines end in LF, CRLF or CR; {@code data} lines of one event are
 * joined with LF; comments ({@code :ping}) are skipped. Unlike a lenient browser parser it refuses what a
 * healthy server never sends, because each of these has corrupted sessions elsewhere: a {@code data:} value
 * that itself starts with {@code data:}, a line that is not a field, and a stream that ends inside an event.
 */
final class SseReader {

    /** One dispatched event; {@code name} is {@code message} when the server named none. */
    record Event(String name, String data) {
    }

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int lineLen;
    private boolean lastWasCr;
    private boolean eof;

    private String eventName;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean inEvent;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null when the stream ended cleanly between events. */
    Event next() throws IOException, StreamFault {
        while (true) {
            String l = readLine();
            if (l == null) {
                if (inEvent) {
                    throw new StreamFault(FaultKind.INCOMPLETE_STREAM, "the stream ended in the middle of an event");
                }
                return null;
            }
            if (l.isEmpty()) {
                if (hasData) {
                    Event e = new Event(eventName == null ? "message" : eventName, data.toString());
                    reset();
                    return e;
                }
                reset();
                continue;
            }
            if (l.charAt(0) == ':') continue;
            inEvent = true;
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (!value.isEmpty() && value.charAt(0) == ' ') value = value.substring(1);
            switch (field) {
                case "data" -> {
                    if (value.startsWith("data:")) {
                        throw new StreamFault(FaultKind.DOUBLED_DATA_PREFIX, "an SSE data line carries a second 'data:' prefix");
                    }
                    if (hasData) data.append('\n');
                    data.append(value);
                    hasData = true;
                }
                case "event" -> eventName = value;
                case "id", "retry" -> { }
                default -> throw new StreamFault(FaultKind.PROTOCOL_VIOLATION,
                        "a stream line is not an SSE field (starts with '" + abbreviate(l) + "')");
            }
        }
    }

    private void reset() {
        eventName = null;
        data.setLength(0);
        hasData = false;
        inEvent = false;
    }

    /** A line without its terminator, or null at end of stream. A last line without terminator is returned. */
    private String readLine() throws IOException {
        if (eof) return null;
        lineLen = 0;
        while (true) {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    eof = true;
                    // An unterminated last line is still a line: it makes the event incomplete, not lost.
                    if (lineLen > 0) {
                        inEvent = true;
                        return new String(line, 0, lineLen, StandardCharsets.UTF_8);
                    }
                    return null;
                }
                pos = 0;
                limit = n;
            }
            byte b = buf[pos++];
            if (lastWasCr) {
                lastWasCr = false;
                if (b == '\n') continue;
            }
            if (b == '\n' || b == '\r') {
                lastWasCr = b == '\r';
                return new String(line, 0, lineLen, StandardCharsets.UTF_8);
            }
            if (lineLen == line.length) line = Arrays.copyOf(line, line.length * 2);
            line[lineLen++] = b;
        }
    }

    static String abbreviate(String s) {
        String t = s.length() > 24 ? s.substring(0, 24) + "..." : s;
        return dev.clawdbot.core.text.PlainText.replaceControls(t, '?');
    }
}
