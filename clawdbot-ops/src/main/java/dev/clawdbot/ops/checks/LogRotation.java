package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Weekly: rotation and compression of Clawdbot's own logs in the given directories (the event log's directory, and
 * any {@code ops.logs.dirs}), one level deep, regular files only (symlinks are skipped):
 * <ul>
 *   <li>a {@code *.log} file of {@code rotateBytes} or more is copied into {@code NAME.STAMP.gz} and truncated
 *       (copy-truncate: its writer, often a redirected stderr, keeps its descriptor; lines written between the copy
 *       and the truncation are lost, a few at most);</li>
 *   <li>an already rotated file ({@code NAME.log.N}, {@code NAME.jsonl.N}: the event log keeps numbered ones) is
 *       compressed into {@code NAME.STAMP.gz} and removed;</li>
 *   <li>an archive ({@code *.gz}) older than {@code keepDays} is deleted.</li>
 * </ul>
 * Archives are written to a temporary name and moved into place, so a crash leaves no half archive under the real name.
 */
public final class LogRotation {
    static final String NAME = "logs";
    /** Entries looked at per directory: a log directory holds tens of files. */
    private static final int MAX_ENTRIES = 10_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final long rotateBytes;
    private final int keepDays;
    private final Clock clock;

    public LogRotation(long rotateBytes, int keepDays, Clock clock) {
        this.rotateBytes = rotateBytes;
        this.keepDays = keepDays;
        this.clock = clock;
    }

    public List<Finding> check(List<Path> dirs) {
        if (dirs.isEmpty()) return List.of(new Finding(Finding.Severity.INFO, NAME, "", "no log directories configured", ""));
        List<Finding> findings = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
            int rotated = 0, compressed = 0, deleted = 0;
            long saved = 0;
            List<String> problems = new ArrayList<>();
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (entries.size() >= MAX_ENTRIES) break;
                    entries.add(p);
                }
            } catch (IOException e) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, dir.toString(), "cannot list: " + e.getMessage(), "ls -la " + dir));
                continue;
            }
            Instant expiry = clock.instant().minus(keepDays, ChronoUnit.DAYS);
            for (Path p : entries.stream().sorted().toList()) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                String name = p.getFileName().toString();
                try {
                    long size = Files.size(p);
                    if (name.endsWith(".gz")) {
                        if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(expiry)) {
                            Files.delete(p);
                            deleted++;
                        }
                    } else if (name.endsWith(".log") && size >= rotateBytes) {
                        saved += size - gzip(p, archive(dir, name.substring(0, name.length() - 4)), size);
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.truncate(0);
                        }
                        rotated++;
                    } else if (rotatedName(name)) {
                        String base = name.substring(0, name.lastIndexOf('.'));
                        Object inode = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                        saved += size - gzip(p, archive(dir, base), size);
                        // The writer may have rotated again meanwhile (NAME.1 is then a newer file): delete only what was archived.
                        Object now;
                        try {
                            now = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                        } catch (java.nio.file.NoSuchFileException gone) {
                            now = null;
                        }
                        if (inode != null && inode.equals(now)) Files.delete(p);
                        compressed++;
                    }
                } catch (IOException e) {
                    problems.add(name + ": " + e.getMessage());
                }
            }
            findings.add(new Finding(problems.isEmpty() ? Finding.Severity.INFO : Finding.Severity.WARNING, NAME, dir.toString(),
                    rotated + " rotated, " + compressed + " compressed, " + deleted + " archives over " + keepDays + " days deleted, "
                            + ContainerHousekeeping.mib(Math.max(0, saved)) + " saved"
                            + (problems.isEmpty() ? "" : "; failed: " + String.join("; ", problems.stream().limit(5).toList())),
                    problems.isEmpty() ? "" : "check the permissions of " + dir));
        }
        return findings;
    }

    /** {@code NAME.log.N} or {@code NAME.jsonl.N}: a file a writer rotated and will not write again. */
    static boolean rotatedName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) return false;
        for (int i = dot + 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) return false;
        }
        String base = name.substring(0, dot);
        return base.endsWith(".log") || base.endsWith(".jsonl");
    }

    private Path archive(Path dir, String base) {
        String stamp = STAMP.format(clock.instant());
        Path target = dir.resolve(base + "." + stamp + ".gz");
        for (int i = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) target = dir.resolve(base + "." + stamp + "-" + i + ".gz");
        return target;
    }

    /** Compresses the first {@code size} bytes of {@code source} into {@code target}; returns the archive's size. */
    private static long gzip(Path source, Path target, long size) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 65536)) {
            byte[] buf = new byte[65536];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) break;
                out.write(buf, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(target);
    }
}
