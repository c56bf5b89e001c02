package dev.clawdbot.broker.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Output kept up to a byte cap, shared by several readers (stdout and stderr); what is beyond the cap is still
 * read, so the producer never blocks on a full pipe or SSH window, and counted so the result says it was cut.
 */
final class BoundedOutput {

    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    BoundedOutput(int max) {
        this.max = max;
    }

    synchronized void write(byte[] b, int off, int len) {
        int room = max - kept.size();
        int n = Math.max(0, Math.min(room, len));
        kept.write(b, off, n);
        dropped += len - n;
    }

    void write(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        write(b, 0, b.length);
    }

    /** Copies {@code in} to the end; an I/O error ends the copy, keeping what was read. */
    void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) write(buf, 0, n);
        } catch (IOException e) {
            // The stream went away (channel closed, timeout): what was read is kept.
        }
    }

    synchronized String text() {
        String s = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? s : s + "\n[output truncated: " + dropped + " more bytes not kept]";
    }
}
