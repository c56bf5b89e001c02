package dev.clawdbot.broker.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an argv (never through a shell) with a timeout, returning the exit code and the bounded combined output. */
final class ProcessRunner {

    static final int MAX_OUTPUT = 64 * 1024;

    record Outcome(int exitCode, String output) {
    }

    private ProcessRunner() {
    }

    static Outcome run(List<String> argv, byte[] stdin, Duration timeout) throws IOException, InterruptedException {
        return run(argv, stdin, timeout, MAX_OUTPUT);
    }

    /** As above, keeping at most {@code maxOutput} bytes; the rest is read (so the program never blocks) and dropped. */
    static Outcome run(List<String> argv, byte[] stdin, Duration timeout, int maxOutput) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().start(() -> copyBounded(p.getInputStream(), out, maxOutput));
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException e) {
            // The program may exit without reading its input; its exit code tells the story.
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            reader.join(1000);
            return new Outcome(124, text(out) + "\n[killed after " + timeout.toSeconds() + "s]");
        }
        reader.join(5000);
        return new Outcome(p.exitValue(), text(out));
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copyBounded(InputStream in, ByteArrayOutputStream out, int max) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    int room = max - out.size();
                    if (room > 0) out.write(buf, 0, Math.min(room, n));
                }
            }
        } catch (IOException e) {
            // The process went away; what was read is kept.
        }
    }
}
