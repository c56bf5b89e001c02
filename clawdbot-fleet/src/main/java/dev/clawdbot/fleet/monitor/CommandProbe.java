package dev.clawdbot.fleet.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * PING ({@code ping -c 1 -W SECONDS HOST}) and SYSTEMD ({@code systemctl is-active UNIT}) through a bounded process
 * runner: a fixed argv (no shell), at most 8 KiB of output read, killed at the timeout.
 */
record CommandProbe(MonitorSpec spec, Path commandDir, Clock clock) implements Probe {
    static final int OUTPUT_LIMIT = 8 * 1024;

    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        List<String> argv = spec.type() == MonitorType.PING
                ? List.of(command("ping"), "-c", "1", "-W", Long.toString(Math.max(1, spec.timeout().toSeconds())), spec.host())
                : List.of(command("systemctl"), "is-active", spec.unit());
        Ran ran;
        try {
            ran = run(argv, spec.timeout());
        } catch (IOException e) {
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "cannot run " + argv.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), "interrupted");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (ran.exit() == null) return CheckResult.down(at, took, argv.getFirst() + " timed out after " + spec.timeout().toMillis() + " ms");
        String firstLine = Text.clip(ran.output().strip().lines().findFirst().orElse(""), 120);
        if (spec.type() == MonitorType.SYSTEMD) {
            return ran.exit() == 0 && "active".equals(firstLine) ? CheckResult.up(at, took)
                    : CheckResult.down(at, took, "unit " + spec.unit() + " is " + (firstLine.isEmpty() ? "not active" : firstLine));
        }
        if (ran.exit() != 0) return CheckResult.down(at, took, "no reply to ping " + spec.host() + " (exit " + ran.exit() + ")");
        Duration rtt = roundTrip(ran.output());
        return CheckResult.up(at, rtt == null ? took : rtt);
    }

    private String command(String name) {
        return commandDir == null ? name : commandDir.resolve(name).toString();
    }

    /** The {@code time=12.3 ms} of ping's reply line, or null; plain scanning, no pattern engine. */
    static Duration roundTrip(String output) {
        int i = output.indexOf("time=");
        if (i < 0) return null;
        int j = i + 5;
        while (j < output.length() && (Character.isDigit(output.charAt(j)) || output.charAt(j) == '.') && j - i < 20) j++;
        try {
            double ms = Double.parseDouble(output.substring(i + 5, j));
            return Duration.ofNanos((long) (ms * 1_000_000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A finished (or killed: exit null) process and the start of its output. */
    record Ran(Integer exit, String output) { }

    static Ran run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        FutureTask<byte[]> read = new FutureTask<>(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] head = in.readNBytes(OUTPUT_LIMIT);
                in.transferTo(java.io.OutputStream.nullOutputStream()); // drain so the child never blocks on a full pipe
                return head;
            }
        });
        Thread.ofVirtual().name("monitor-command").start(read);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // before the parent, while they are still its
            p.destroyForcibly();
            return new Ran(null, "");
        }
        try {
            return new Ran(p.exitValue(), new String(read.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Ran(p.exitValue(), "");
        }
    }
}
