package dev.clawdbot.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Keeps the first {@code cap} bytes of a stream and counts (but drops) the rest, so a flood cannot fill memory. */
final class CappedBuffer {
    private final byte[] buf;
    private int len;
    private long total;

    CappedBuffer(int cap) {
        this.buf = new byte[cap];
    }

    /** Drains {@code in} to EOF; the process never blocks on a full pipe. */
    void drain(InputStream in) {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) append(chunk, n);
        } catch (IOException ignored) {
            // the stream was closed because the process tree was killed
        }
    }

    private synchronized void append(byte[] chunk, int n) {
        int keep = Math.min(n, buf.length - len);
        System.arraycopy(chunk, 0, buf, len, keep);
        len += keep;
        total += n;
    }

    synchronized boolean truncated() {
        return total > len;
    }

    synchronized int length() {
        return len;
    }

    /** The kept text from byte {@code from} on, with the truncation marker when bytes were dropped. */
    synchronized String text(int from) {
        String s = new String(Arrays.copyOfRange(buf, Math.min(from, len), len), StandardCharsets.UTF_8);
        return truncated() ? s + ExecResult.TRUNCATED_MARKER : s;
    }
}
