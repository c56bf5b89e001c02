package dev.clawdbot.siem.fim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads the state of paths without following symbolic links: a link is recorded (its target's name hashed) and
 * never walked through, so nothing outside the watched tree is read. Walks stop at {@link #MAX_DEPTH} levels and
 * at the baseline's size limit.
 */
final class FimScanner {

    private static final Logger LOG = LoggerFactory.getLogger(FimScanner.class);
    static final int MAX_DEPTH = 64;
    private static final String ATTRS = "unix:mode,uid,gid,ino,size,lastModifiedTime";

    private final Scope scope;
    private final Sha256 sha = new Sha256();
    private final int maxFiles;
    private final BooleanSupplier keepGoing;
    private boolean limitHit;

    /** {@code keepGoing}: a walk stops at the next path once it turns false (the monitor is closing). */
    FimScanner(Scope scope, int maxFiles, BooleanSupplier keepGoing) {
        this.scope = scope;
        this.maxFiles = maxFiles;
        this.keepGoing = keepGoing;
    }

    /** Set when a walk stopped adding paths because {@code maxFiles} were held. */
    boolean takeLimitHit() {
        boolean hit = limitHit;
        limitHit = false;
        return hit;
    }

    /** The state of {@code p}, or null when it does not exist (or vanished while being read). */
    FileState state(Path p) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        int mode = (Integer) a.get("mode");
        FileState.Kind kind = switch (mode & 0170000) {
            case 0100000 -> FileState.Kind.FILE;
            case 0040000 -> FileState.Kind.DIRECTORY;
            case 0120000 -> FileState.Kind.LINK;
            default -> FileState.Kind.OTHER;
        };
        String hash = null;
        try {
            if (kind == FileState.Kind.FILE) hash = sha.file(p);
            else if (kind == FileState.Kind.LINK) hash = sha.bytes(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // Swapped for a link after the stat (O_NOFOLLOW refused it), or unreadable: recorded without a hash.
            LOG.debug("siem fim: hashing {}: {}", p, e.toString());
        }
        return new FileState(p.toString(), kind, hash, kind == FileState.Kind.DIRECTORY ? 0 : (Long) a.get("size"), mode & 07777,
                a.get("uid") + ":" + a.get("gid"), ((FileTime) a.get("lastModifiedTime")).toMillis(), (Long) a.get("ino"));
    }

    /** Every path of every root, into {@code out}; {@code onDirectory} sees each directory walked (to watch it). */
    void scanAll(Map<String, FileState> out, Consumer<Path> onDirectory) {
        for (Scope.Root r : scope.roots()) {
            if (!keepGoing.getAsBoolean()) return;
            if (r.names() == null) {
                walk(r.base(), out, onDirectory);
                continue;
            }
            if (!Files.isDirectory(r.base(), LinkOption.NOFOLLOW_LINKS)) continue;
            onDirectory.accept(r.base());
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(r.base())) {
                for (Path p : ds) {
                    if (!keepGoing.getAsBoolean()) return;
                    if (!Scope.within(r, p)) continue;
                    if (r.recursive()) walk(p, out, onDirectory);
                    else put(p, out);
                }
            } catch (IOException e) {
                LOG.warn("siem fim: listing {}: {}", r.base(), e.toString());
            }
        }
    }

    /** {@code start} and, if it is a directory in scope, everything under it. */
    void walk(Path start, Map<String, FileState> out, Consumer<Path> onDirectory) {
        if (!scope.contains(start)) return;
        try {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!keepGoing.getAsBoolean()) return FileVisitResult.TERMINATE;
                    if (!scope.contains(dir)) return FileVisitResult.SKIP_SUBTREE;
                    put(dir, out);
                    if (!scope.descend(dir)) return FileVisitResult.SKIP_SUBTREE;
                    onDirectory.accept(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!keepGoing.getAsBoolean()) return FileVisitResult.TERMINATE;
                    if (scope.contains(file)) put(file, out);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) LOG.warn("siem fim: reading {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Not there (yet): a root that appears later is picked up by its parent's watch or the next scan.
        } catch (IOException e) {
            LOG.warn("siem fim: walking {}: {}", start, e.toString());
        }
    }

    private void put(Path p, Map<String, FileState> out) {
        if (out.size() >= maxFiles && !out.containsKey(p.toString())) {
            limitHit = true;
            return;
        }
        try {
            FileState s = state(p);
            if (s != null) out.put(s.path(), s);
        } catch (IOException e) {
            LOG.warn("siem fim: reading {}: {}", p, e.toString());
        }
    }
}
