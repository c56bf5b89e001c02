package dev.clawdbot.ops.checks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way a check runs a host program: an argv (never a shell) that must equal one of the allowed command
 * lines exactly, with a deadline and a cap on what is read back. Every run is reported to {@code audit}
 * (argv, exit code, duration) before its result is used.
 */
public final class CommandRunner {
    /** Output beyond this is dropped (and the result marked truncated): checks read short listings. */
    static final int MAX_OUTPUT_BYTES = 1 << 20;

    /** What one run returned. */
    public record Result(int exitCode, String stdout, String stderr, boolean truncated) {
    }

    /** One audited run. */
    public record Audit(List<String> argv, int exitCode, Duration took) {
    }

    private final List<List<String>> allowed;
    private final Duration timeout;
    private final Consumer<Audit> audit;

    /** @param allowed exact command lines, program as an absolute path ({@code /usr/bin/systemctl --failed ...}) */
    public CommandRunner(List<List<String>> allowed, Duration timeout, Consumer<Audit> audit) {
        for (List<String> argv : allowed) {
            if (argv.isEmpty() || !argv.getFirst().startsWith("/")) {
                throw new IllegalArgumentException("allowed commands need an absolute program path: " + argv);
            }
        }
        this.allowed = allowed.stream().map(List::copyOf).toList();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public Result run(List<String> argv) throws IOException, InterruptedException {
        if (!allowed.contains(argv)) throw new SecurityException("command not on the ops allowlist: " + argv);
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), Thread::startVirtualThread);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), Thread::startVirtualThread);
        int code;
        if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            code = p.exitValue();
        } else {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            code = -1;
        }
        byte[] o = out.join();
        byte[] e = err.join();
        audit.accept(new Audit(List.copyOf(argv), code, Duration.ofNanos(System.nanoTime() - t0)));
        boolean truncated = o.length > MAX_OUTPUT_BYTES || e.length > MAX_OUTPUT_BYTES;
        return new Result(code, text(o), text(e), truncated);
    }

    private static String text(byte[] b) {
        return new String(b, 0, Math.min(b.length, MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
    }

    /** Reads up to one byte past the cap (to know it was exceeded), then drains and discards the rest. */
    private static byte[] read(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                int room = MAX_OUTPUT_BYTES + 1 - buf.size();
                if (room > 0) buf.write(chunk, 0, Math.min(n, room));
            }
        } catch (IOException e) {
            // the process was killed: what was read stands
        }
        return buf.toByteArray();
    }

    /** The allowed command lines, for the docs and {@code doctor}. */
    public List<List<String>> allowed() {
        return new ArrayList<>(allowed);
    }
}
