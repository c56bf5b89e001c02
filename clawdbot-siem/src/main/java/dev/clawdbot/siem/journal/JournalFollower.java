package dev.clawdbot.siem.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows the systemd journal through {@code journalctl -o json --follow}, from {@code --after-cursor} of the last
 * entry handed on (persisted through {@code saveCursor} at most once a second and when it stops), or from the end
 * ({@code --lines=0}) the first time. If journalctl dies it is started again after 1 s, doubling up to 30 s, from
 * the last cursor: an entry cut off by the death (a partial last line) is read again whole, none is repeated.
 * Lines are bounded at {@link #MAX_LINE} bytes (a longer one is skipped and counted).
 */
public final class JournalFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalFollower.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A 64 KiB MESSAGE written as a byte array is up to 4 bytes a byte, plus the other fields. */
    static final int MAX_LINE = 1024 * 1024;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final List<String> command;
    private final Consumer<String> sink;
    private final Consumer<String> saveCursor;
    private final ZoneId zone;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong starts = new AtomicLong();
    private volatile String cursor;
    private volatile String savedCursor;
    private volatile boolean running;
    private volatile Process process;
    private Thread thread;

    public JournalFollower(List<String> command, String cursor, Consumer<String> sink, Consumer<String> saveCursor, ZoneId zone) {
        this.command = List.copyOf(command);
        this.cursor = cursor;
        this.savedCursor = cursor;
        this.sink = sink;
        this.saveCursor = saveCursor;
        this.zone = zone;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        thread = Thread.ofPlatform().daemon().name("siem-journal").start(this::run);
    }

    /** Entries handed on. */
    public long entries() {
        return entries.get();
    }

    /** Lines skipped: over {@link #MAX_LINE}, not JSON, or without a cursor. */
    public long skipped() {
        return skipped.get();
    }

    /** Times journalctl was started. */
    public long starts() {
        return starts.get();
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    List<String> argv() {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("--output=json", "--follow", "--no-pager"));
        String c = cursor;
        argv.add(c == null ? "--lines=0" : "--after-cursor=" + c);
        return argv;
    }

    private void run() {
        long backoff = 1000;
        while (running) {
            long started = System.nanoTime();
            try {
                Process p = new ProcessBuilder(argv()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                process = p;
                starts.incrementAndGet();
                read(p.getInputStream());
                p.waitFor(1, TimeUnit.SECONDS);
                if (running) LOG.warn("siem: journalctl ended ({}); starting it again after the last cursor", p.isAlive() ? "output closed" : "exit " + p.exitValue());
            } catch (IOException e) {
                if (running) LOG.warn("siem: journalctl: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Process p = process;
                if (p != null) p.destroyForcibly();
                save();
            }
            if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) > 60_000) backoff = 1000;
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private void read(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        boolean oversize = false;
        long lastSave = System.nanoTime();
        for (int n; running && (n = in.read(buf)) >= 0; ) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') continue;
                if (!oversize && line.size() + (i - start) <= MAX_LINE) {
                    line.write(buf, start, i - start);
                    handle(line.toByteArray());
                } else {
                    skipped.incrementAndGet();
                }
                line.reset();
                oversize = false;
                start = i + 1;
            }
            if (!oversize && line.size() + (n - start) <= MAX_LINE) line.write(buf, start, n - start);
            else {
                oversize = true;
                line.reset();
            }
            if (System.nanoTime() - lastSave > TimeUnit.SECONDS.toNanos(1)) {
                save();
                lastSave = System.nanoTime();
            }
        }
        // What is left in 'line' has no newline: journalctl died mid-entry; it is read again after the cursor.
    }

    private void handle(byte[] bytes) {
        if (bytes.length == 0) return;
        JournalEntry e;
        try {
            JsonNode o = JSON.readTree(bytes);
            e = o != null && o.isObject() ? JournalEntry.of(o, zone) : null;
        } catch (IOException ex) {
            e = null;
        }
        if (e == null) {
            skipped.incrementAndGet();
            return;
        }
        sink.accept(e.line());
        cursor = e.cursor();
        entries.incrementAndGet();
    }

    private void save() {
        String c = cursor;
        if (c == null || c.equals(savedCursor)) return;
        try {
            saveCursor.accept(c);
            savedCursor = c;
        } catch (RuntimeException e) {
            LOG.warn("siem: saving the journal cursor: {}", e.toString());
        }
    }

    private void sleep(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (running && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!running) return;
        running = false;
        Process p = process;
        if (p != null) p.destroy();
        try {
            if (thread != null) thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save();
    }
}
