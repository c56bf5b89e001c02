package dev.clawdbot.ops.calendar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code systemd-analyze calendar} under a given TZ, for differential tests. */
final class SystemdAnalyze {
    static final Path BINARY = findBinary();

    record Output(String out, String err, int exitCode) {
    }

    private SystemdAnalyze() {
    }

    static boolean present() {
        return BINARY != null;
    }

    private static Path findBinary() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path p = Path.of(dir, "systemd-analyze");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    static Output calendar(String tz, String baseTime, int iterations, List<String> specs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "calendar", "--base-time=" + baseTime,
                "--iterations=" + iterations, "--"));
        cmd.addAll(specs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TZ", tz);
        pb.environment().put("SYSTEMD_COLORS", "0");
        pb.environment().put("SYSTEMD_PAGER", "cat");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("systemd-analyze did not finish in 60 s");
        }
        return new Output(out, err.join(), p.exitValue());
    }

    /** The text without its "From now:" lines, which depend on the wall clock. */
    static String withoutFromNow(String out) {
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (!line.stripLeading().startsWith("From now:")) b.append(line).append('\n');
        }
        return b.toString();
    }

    /** The lines around the first line that differs, expected then actual, for a readable failure. */
    static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) i++;
        int from = Math.max(0, i - 6);
        return "expected:\n" + String.join("\n", java.util.Arrays.copyOfRange(e, from, Math.min(e.length, i + 3)))
                + "\nactual:\n" + String.join("\n", java.util.Arrays.copyOfRange(a, from, Math.min(a.length, i + 3)));
    }

    /** The specs the error stream says failed, in order. */
    static List<String> failures(String err) {
        List<String> f = new ArrayList<>();
        for (String line : err.split("\n")) {
            if (line.startsWith("Failed to")) f.add(line);
        }
        return f;
    }
}
