package dev.clawdbot.fleet.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** One stream kept up to a byte cap; the rest is read and dropped, so the remote side never blocks on the SSH window. */
final class Capture {
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    Capture(int max) {
        this.max = max;
    }

    void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (this) {
                    int keep = Math.max(0, Math.min(max - kept.size(), n));
                    kept.write(buf, 0, keep);
                    dropped += n - keep;
                }
            }
        } catch (IOException e) {
            // The channel went away (closed, timed out): what was read is kept.
        }
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
        return dropped > 0;
    }
}
