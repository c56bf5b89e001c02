package dev.clawdbot.bench.siem;

import dev.clawdbot.siem.fim.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * File integrity monitoring's hashing against {@code sha256sum} on one tree of mixed files: 3,000 small files
 * (0–16 KiB), 200 medium (16 KiB–1 MiB), 10 large (8–32 MiB), ~330 MB, page cache warm. Each round runs
 * {@code sha256sum} over every file (argv batches of 1,000, as xargs would) and then {@link Sha256} over the same
 * list on one thread; both sets of digests must be equal. Prints MB/s of each per round and the ratio.
 * <pre>java -cp ... dev.clawdbot.bench.siem.FimHashBench [DIR] [ROUNDS]</pre>
 */
public final class FimHashBench {

    private FimHashBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("fim-hash-bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Path> files = tree(dir);
        long bytes = 0;
        for (Path f : files) bytes += Files.size(f);
        System.out.printf("tree: %d files, %.1f MB in %s%n", files.size(), bytes / 1e6, dir);
        Sha256 sha = new Sha256();
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            Map<String, String> theirs = sha256sum(files);
            long t1 = System.nanoTime();
            Map<String, String> ours = new HashMap<>();
            for (Path f : files) ours.put(f.toString(), sha.file(f));
            long t2 = System.nanoTime();
            if (!ours.equals(theirs)) throw new IllegalStateException("digests differ from sha256sum's");
            double s = bytes / 1e6 / ((t1 - t0) / 1e9);
            double j = bytes / 1e6 / ((t2 - t1) / 1e9);
            System.out.printf("round %d: sha256sum %.0f MB/s, siem Sha256 %.0f MB/s, ratio %.2f (digests equal)%n", r, s, j, j / s);
        }
    }

    static List<Path> tree(Path dir) throws IOException {
        Path marker = dir.resolve(".complete");
        if (!Files.exists(marker)) {
            Random rnd = new Random(42);
            write(dir.resolve("small"), 3000, 0, 16 * 1024, rnd);
            write(dir.resolve("medium"), 200, 16 * 1024, 1024 * 1024, rnd);
            write(dir.resolve("large"), 10, 8 * 1024 * 1024, 32 * 1024 * 1024, rnd);
            Files.writeString(marker, "");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.equals(marker)).sorted().toList();
        }
    }

    private static void write(Path d, int count, int min, int max, Random rnd) throws IOException {
        Files.createDirectories(d);
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[min + rnd.nextInt(max - min + 1)];
            // Half text-like (config files, scripts), half random (binaries).
            if (i % 2 == 0) for (int k = 0; k < b.length; k++) b[k] = (byte) (' ' + rnd.nextInt(95));
            else rnd.nextBytes(b);
            Files.write(d.resolve("f" + i), b);
        }
    }

    private static Map<String, String> sha256sum(List<Path> files) throws IOException, InterruptedException {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < files.size(); i += 1000) {
            List<String> argv = new ArrayList<>(List.of("sha256sum", "--"));
            for (Path f : files.subList(i, Math.min(files.size(), i + 1000))) argv.add(f.toString());
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("sha256sum failed");
            for (String line : text.split("\n")) {
                if (line.length() > 66) out.put(line.substring(66), line.substring(0, 64));
            }
        }
        return out;
    }
}
