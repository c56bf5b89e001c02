package dev.clawdbot.siem.response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program from an argv (never a shell) with stdin text, a time limit and a bounded output. */
final class ProcessRunner {

    /** nft prints a few lines; 64 KiB holds a listing of thousands of set elements. */
    private static final int MAX_OUTPUT = 64 * 1024;

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private final Duration timeout;

    ProcessRunner(Duration timeout) {
        this.timeout = timeout;
    }

    Result run(List<String> argv, String stdin) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, "cannot start " + argv.getFirst() + ": " + e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The program exited without reading its input; its exit status says why.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(124, argv.getFirst() + " timed out after " + timeout.toSeconds() + " s");
            }
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
        synchronized (out) {
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (out) {
                    if (out.size() < MAX_OUTPUT) out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
                }
            }
        } catch (IOException e) {
            // The process is gone; what was read is kept.
        }
    }
}
