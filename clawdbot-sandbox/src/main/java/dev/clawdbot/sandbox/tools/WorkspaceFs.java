package dev.clawdbot.sandbox.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * File access confined to one workspace directory, safe against a sandboxed process racing it. Paths are relative,
 * without {@code ..}; every directory on the way is opened relative to its parent's open descriptor with
 * O_NOFOLLOW ({@link SecureDirectoryStream}), and the file itself too, so a symlink swapped in between a check and
 * the use is refused by the kernel rather than followed. Symlinks are never followed, even ones pointing inside,
 * and files with more than one hard link are refused (a hard link may name a file outside).
 */
public final class WorkspaceFs {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;

    public WorkspaceFs(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    public Path root() {
        return root;
    }

    /** Splits a model-supplied path into checked segments; "." or "" is the workspace itself. */
    public static List<String> segments(String rel) throws PathRefusedException {
        if (rel == null) throw new PathRefusedException("path is required");
        if (rel.indexOf('\0') >= 0) throw new PathRefusedException("path contains a NUL byte");
        if (rel.startsWith("/") || rel.startsWith("~"))
            throw new PathRefusedException("absolute paths are refused; use a path relative to the workspace: " + rel);
        List<String> out = new ArrayList<>();
        for (String s : rel.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) throw new PathRefusedException("'..' is refused; paths must stay inside the workspace: " + rel);
            out.add(s);
        }
        return out;
    }

    /** An open directory and the segments that led to it; closes the whole chain. */
    public final class Dir implements AutoCloseable {
        final SecureDirectoryStream<Path> stream;
        final List<String> path;

        Dir(SecureDirectoryStream<Path> stream, List<String> path) {
            this.stream = stream;
            this.path = path;
        }

        public List<Entry> entries() throws IOException {
            List<Entry> out = new ArrayList<>();
            for (Path name : stream) {
                String n = name.getFileName().toString();
                PosixFileAttributes a = attrs(stream, n);
                if (a != null) out.add(new Entry(n, a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : a.isRegularFile() ? 'f' : 'o', a.size()));
            }
            out.sort(java.util.Comparator.comparing(Entry::name));
            return out;
        }

        public Dir sub(String name) throws IOException {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            return new Dir(openChild(stream, name, p), p);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    public record Entry(String name, char type, long size) {
    }

    /** Opens a workspace directory, refusing symlinks on the way. */
    public Dir openDir(String rel) throws IOException {
        return openDir(segments(rel), false);
    }

    private Dir openDir(List<String> segs, boolean create) throws IOException {
        SecureDirectoryStream<Path> cur = openRoot();
        List<String> walked = new ArrayList<>();
        try {
            for (String s : segs) {
                walked.add(s);
                if (create && attrs(cur, s) == null) {
                    beforeMkdir.run();
                    MkdirAt.mkdir(cur, root.resolve(String.join("/", walked.subList(0, walked.size() - 1))), s, String.join("/", walked));
                    giveToWorkspaceOwner(cur, s);
                }
                SecureDirectoryStream<Path> next = openChild(cur, s, walked);
                cur.close();
                cur = next;
            }
            return new Dir(cur, List.copyOf(walked));
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
    }

    private SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
            ds.close();
            throw new IOException("this platform has no secure directory streams; workspace file tools are unavailable");
        }
        return sds;
    }

    private static SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> dir, String name, List<String> path) throws IOException {
        PosixFileAttributes a = attrs(dir, name);
        if (a == null) throw new NoSuchFileException(String.join("/", path));
        if (a.isSymbolicLink()) throw new PathRefusedException("'" + String.join("/", path) + "' is a symbolic link; links are not followed");
        if (!a.isDirectory()) throw new PathRefusedException("'" + String.join("/", path) + "' is not a directory");
        try {
            return dir.newDirectoryStream(Path.of(name), NOFOLLOW);
        } catch (IOException e) {
            throw new PathRefusedException("'" + String.join("/", path) + "' changed while being opened (symbolic link swapped in?); refused");
        }
    }

    static PosixFileAttributes attrs(SecureDirectoryStream<Path> dir, String name) throws IOException {
        try {
            return dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Test hook: runs between the checks and the open, where a racing process would swap a link in. */
    Runnable beforeOpen = () -> { };
    /** Test hook: runs before a missing parent directory is created. */
    Runnable beforeMkdir = () -> { };

    public byte[] read(String rel, int maxBytes) throws IOException {
        List<String> segs = segments(rel);
        if (segs.isEmpty()) throw new PathRefusedException("'" + rel + "' is the workspace directory, not a file");
        try (Dir d = openDir(segs.subList(0, segs.size() - 1), false)) {
            String name = segs.getLast();
            PosixFileAttributes before = checkFile(d, name, rel);
            beforeOpen.run();
            try (SeekableByteChannel ch = open(d, name, rel, Set.of(StandardOpenOption.READ, NOFOLLOW))) {
                sameFile(d, name, rel, before);
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(maxBytes, Math.max(0, before.size()) + 1));
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill up to the cap
                }
                byte[] out = new byte[buf.position()];
                buf.flip().get(out);
                return out;
            }
        }
    }

    /** Writes (creating or replacing) a file; parent directories are created when missing. */
    public void write(String rel, byte[] data) throws IOException {
        List<String> segs = segments(rel);
        if (segs.isEmpty()) throw new PathRefusedException("'" + rel + "' is the workspace directory, not a file");
        try (Dir d = openDir(segs.subList(0, segs.size() - 1), true)) {
            String name = segs.getLast();
            PosixFileAttributes before = attrs(d.stream, name);
            if (before != null) checkFile(d, name, rel);
            beforeOpen.run();
            Set<OpenOption> opts = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, NOFOLLOW);
            try (SeekableByteChannel ch = open(d, name, rel, opts)) {
                PosixFileAttributes now = attrs(d.stream, name);
                if (now == null || !now.isRegularFile() || (before != null && !before.fileKey().equals(now.fileKey())))
                    throw new PathRefusedException("'" + rel + "' changed while being opened; refused");
                checkLinks(d, name, rel, now);
                ch.truncate(0);
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
            }
            giveToWorkspaceOwner(d.stream, name);
        }
    }

    /**
     * New files and directories belong to whoever owns the workspace (the sandbox's host uid), so the agent's
     * sandboxed commands can write into what the file tools created. Changed through the parent's descriptor
     * without following links.
     */
    private void giveToWorkspaceOwner(SecureDirectoryStream<Path> dir, String name) throws IOException {
        PosixFileAttributeView view = dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW);
        PosixFileAttributes rootAttrs = Files.readAttributes(root, PosixFileAttributes.class, NOFOLLOW);
        if (!view.readAttributes().owner().equals(rootAttrs.owner())) {
            view.setOwner(rootAttrs.owner());
            view.setGroup(root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(rootAttrs.group().getName()));
        }
    }

    private PosixFileAttributes checkFile(Dir d, String name, String rel) throws IOException {
        PosixFileAttributes a = attrs(d.stream, name);
        if (a == null) throw new NoSuchFileException(rel);
        if (a.isSymbolicLink()) throw new PathRefusedException("'" + rel + "' is a symbolic link; links are not followed");
        if (a.isDirectory()) throw new PathRefusedException("'" + rel + "' is a directory");
        if (!a.isRegularFile()) throw new PathRefusedException("'" + rel + "' is not a regular file");
        checkLinks(d, name, rel, a);
        return a;
    }

    private void checkLinks(Dir d, String name, String rel, PosixFileAttributes a) throws IOException {
        Path p = root.resolve(String.join("/", d.path)).resolve(name);
        Object key = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW).fileKey();
        int nlink = (Integer) Files.getAttribute(p, "unix:nlink", NOFOLLOW);
        if (!a.fileKey().equals(key)) throw new PathRefusedException("'" + rel + "' changed while being checked; refused");
        if (nlink > 1) throw new PathRefusedException("'" + rel + "' has " + nlink + " hard links; hard-linked files are refused (one may lie outside the workspace)");
    }

    private static SeekableByteChannel open(Dir d, String name, String rel, Set<OpenOption> opts) throws IOException {
        try {
            return d.stream.newByteChannel(Path.of(name), opts);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // ELOOP from O_NOFOLLOW: a link was swapped in after the checks
            throw new PathRefusedException("'" + rel + "' could not be opened without following a link (" + e.getMessage() + "); refused");
        }
    }

    private static void sameFile(Dir d, String name, String rel, PosixFileAttributes before) throws IOException {
        PosixFileAttributes now = attrs(d.stream, name);
        if (now == null || !now.fileKey().equals(before.fileKey()))
            throw new PathRefusedException("'" + rel + "' changed while being opened; refused");
    }
}
