package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Monthly: the largest directories under each configured root, as {@code du -x --max-depth=3 | sort -h} would
 * list them: sizes are summed apparent file sizes, the walk stays on the root's filesystem (like {@code du -x}:
 * {@code /proc} and other mounts are not counted), follows no symlinks, keeps totals only for directories up to
 * {@link #DEPTH} levels below the root (bounded memory), and stops at the time budget, saying so.
 */
public final class DiskBreakdown {
    static final String NAME = "disk-breakdown";
    static final int DEPTH = 3;

    private final int top;
    private final Duration budget;

    public DiskBreakdown(int top, Duration budget) {
        this.top = top;
        this.budget = budget;
    }

    /** A directory and the bytes under it. */
    record Usage(Path dir, long bytes) {
    }

    /** The {@code top} largest directories under {@code root} (itself excluded); {@code complete} false when the budget ran out. */
    record Result(List<Usage> largest, long total, boolean complete, long files) {
    }

    Result walk(Path root) throws IOException {
        Map<Path, Long> sizes = new HashMap<>();
        Object device = Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        long deadline = System.nanoTime() + budget.toNanos();
        long[] files = {0};
        boolean[] stopped = {false};
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                if (!dir.equals(root) && !device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if ((++files[0] & 1023) == 0 && System.nanoTime() > deadline) {
                    stopped[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                if (!a.isRegularFile()) return FileVisitResult.CONTINUE;
                Path rel = root.relativize(file.getParent());
                int depth = Math.min(DEPTH, rel.toString().isEmpty() ? 0 : rel.getNameCount());
                for (int d = 0; d <= depth; d++) {
                    Path dir = d == 0 ? root : root.resolve(rel.subpath(0, d));
                    sizes.merge(dir, a.size(), Long::sum);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        long total = sizes.getOrDefault(root, 0L);
        List<Usage> largest = sizes.entrySet().stream().filter(e -> !e.getKey().equals(root))
                .sorted(Map.Entry.<Path, Long>comparingByValue().reversed().thenComparing(e -> e.getKey().toString()))
                .limit(top).map(e -> new Usage(e.getKey(), e.getValue())).toList();
        return new Result(largest, total, !stopped[0], files[0]);
    }

    public List<Finding> check(List<Path> roots) {
        List<Finding> findings = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                findings.add(new Finding(Finding.Severity.INFO, NAME, root.toString(), "not a directory", ""));
                continue;
            }
            try {
                Result r = walk(root);
                StringBuilder b = new StringBuilder(gib(r.total()) + " in " + r.files() + " files on this filesystem"
                        + (r.complete() ? "" : " (walk stopped at the " + budget.toSeconds() + " s budget: partial)") + "; largest:");
                for (Usage u : r.largest()) b.append("\n  ").append(gib(u.bytes())).append("  ").append(u.dir());
                findings.add(new Finding(Finding.Severity.INFO, NAME, root.toString(), b.toString(),
                        r.complete() ? "" : "raise ops.audit.walkBudget or list narrower ops.audit.roots"));
            } catch (IOException | UnsupportedOperationException e) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, root.toString(), "cannot walk: " + e.getMessage(), ""));
            }
        }
        return findings;
    }

    static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / 1073741824.0)
                : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
