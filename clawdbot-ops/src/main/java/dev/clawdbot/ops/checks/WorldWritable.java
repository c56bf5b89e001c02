package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Monthly security posture: world-writable files, and world-writable directories without the sticky bit, under
 * the configured paths. The walk follows no symlinks, stops after {@link #MAX_VISITED} entries or the time
 * budget (and says so), and reads attributes only.
 */
public final class WorldWritable {
    static final String NAME = "posture";
    static final int MAX_VISITED = 500_000;
    private static final int MAX_LISTED = 30;

    private final Duration budget;

    public WorldWritable(Duration budget) {
        this.budget = budget;
    }

    public List<Finding> check(List<Path> roots) {
        List<String> found = new ArrayList<>();
        int[] visited = {0};
        boolean[] stopped = {false};
        long deadline = System.nanoTime() + budget.toNanos();
        for (Path root : roots) {
            if (!Files.isDirectory(root) || stopped[0]) continue;
            try {
                Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 32, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                        return visit(dir, true);
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                        return a.isSymbolicLink() ? FileVisitResult.CONTINUE : visit(file, false);
                    }

                    private FileVisitResult visit(Path p, boolean dir) throws IOException {
                        if (++visited[0] > MAX_VISITED || System.nanoTime() > deadline) {
                            stopped[0] = true;
                            return FileVisitResult.TERMINATE;
                        }
                        PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        if (pa.permissions().contains(PosixFilePermission.OTHERS_WRITE) && !(dir && sticky(p))) {
                            found.add(p + (dir ? "/" : ""));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                found.add(root + " (unreadable: " + e.getMessage() + ")");
            }
        }
        List<Finding> findings = new ArrayList<>();
        if (!found.isEmpty()) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, "world-writable", found.size() + " under " + roots + ": "
                    + String.join(", ", found.stream().limit(MAX_LISTED).toList()) + (found.size() > MAX_LISTED ? " and " + (found.size() - MAX_LISTED) + " more" : ""),
                    "chmod o-w PATH (any user can change these; for a shared directory use chmod +t)"));
        } else {
            findings.add(new Finding(Finding.Severity.INFO, NAME, "world-writable", "none under " + roots + " (" + visited[0] + " entries)", ""));
        }
        if (stopped[0]) {
            findings.add(new Finding(Finding.Severity.INFO, NAME, "world-writable", "walk stopped after " + visited[0] + " entries or " + budget.toSeconds()
                    + " s; the rest was not checked", "narrow ops.audit.worldWritablePaths"));
        }
        return findings;
    }

    /** The sticky bit (S_ISVTX, 01000) from {@code unix:mode}; false where that view is missing. */
    private static boolean sticky(Path p) {
        try {
            return (((Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)) & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
