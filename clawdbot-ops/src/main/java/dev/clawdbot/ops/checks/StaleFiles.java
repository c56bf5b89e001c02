package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Weekly: files in shared/spool directories not modified for {@code staleAfter}: a request nobody took in, a
 * transfer left half-done. Reported, not deleted (a stale spool file usually means a stuck consumer). The walk is
 * bounded: at most {@link #MAX_DEPTH} levels, {@link #MAX_VISITED} entries per directory, no symlinks followed.
 */
public final class StaleFiles {
    static final String NAME = "spool";
    static final int MAX_DEPTH = 4;
    static final int MAX_VISITED = 100_000;
    private static final int MAX_LISTED = 10;

    private final Duration staleAfter;
    private final Clock clock;

    public StaleFiles(Duration staleAfter, Clock clock) {
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    public List<Finding> check(List<Path> dirs) {
        if (dirs.isEmpty()) return List.of(new Finding(Finding.Severity.INFO, NAME, "", "no spool directories configured", ""));
        List<Finding> findings = new ArrayList<>();
        Instant cutoff = clock.instant().minus(staleAfter);
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                findings.add(new Finding(Finding.Severity.INFO, NAME, dir.toString(), "not a directory (yet)", ""));
                continue;
            }
            List<Path> stale = new ArrayList<>();
            long[] bytes = {0};
            int[] visited = {0};
            Instant[] oldest = {null};
            try {
                Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (++visited[0] > MAX_VISITED) return FileVisitResult.TERMINATE;
                        if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff)) {
                            stale.add(file);
                            bytes[0] += a.size();
                            Instant m = a.lastModifiedTime().toInstant();
                            if (oldest[0] == null || m.isBefore(oldest[0])) oldest[0] = m;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, dir.toString(), "cannot read: " + e.getMessage(), "ls -la " + dir));
                continue;
            }
            if (stale.isEmpty()) {
                findings.add(new Finding(Finding.Severity.INFO, NAME, dir.toString(), "no stale files", ""));
                continue;
            }
            String listed = String.join(", ", stale.stream().sorted().limit(MAX_LISTED).map(p -> dir.relativize(p).toString()).toList())
                    + (stale.size() > MAX_LISTED ? " and " + (stale.size() - MAX_LISTED) + " more" : "");
            findings.add(new Finding(Finding.Severity.WARNING, NAME, dir.toString(), stale.size() + " file(s) untouched for over "
                    + staleAfter.toDays() + " days (" + ContainerHousekeeping.mib(bytes[0]) + ", oldest " + oldest[0] + "): " + listed,
                    "check the consumer of " + dir + " is running; then move or delete the files by hand"));
            if (visited[0] > MAX_VISITED) {
                findings.add(new Finding(Finding.Severity.INFO, NAME, dir.toString(), "stopped after " + MAX_VISITED + " entries", ""));
            }
        }
        return findings;
    }
}
