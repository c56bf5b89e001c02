package dev.clawdbot.core.storage;

import dev.clawdbot.core.AtomicFiles;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * Lets sqlite-jdbc load its native library from a stable copy instead of extracting it on every start. By
 * default the driver writes the library into the temp dir under a new name each time, reads both copies back
 * byte by byte to compare them, and lists the whole temp dir to delete old copies (~50 ms of CPU, and a slow
 * temp dir makes it worse). Here the library is copied once into {@code <dir>/sqlite-native-<crc>-<size>/},
 * and every start checks that copy against the size and CRC-32 the driver jar records for it (its central
 * directory holds both, so nothing is decompressed); a missing, partial or altered copy is written again.
 * Anything unexpected leaves the driver's own loading in place, and so does a copy it cannot load (a data
 * dir on a noexec mount): the driver then falls back to extracting, as before.
 */
final class SqliteNativeLibrary {

    private static boolean configured;

    private SqliteNativeLibrary() {
    }

    /** Points sqlite-jdbc at a verified copy under {@code dir}, once per JVM, unless the user chose a path. */
    static synchronized void useStableCopy(Path dir) {
        if (configured || System.getProperty("org.sqlite.lib.path") != null) return;
        try {
            Path copy = verifiedCopy(dir);
            if (copy == null) return;
            System.setProperty("org.sqlite.lib.path", copy.getParent().toString());
            System.setProperty("org.sqlite.lib.name", copy.getFileName().toString());
            configured = true;
        } catch (IOException | RuntimeException e) {
            // The driver extracts the library itself, as it always did.
        }
    }

    /** The stable copy, written if needed; null when the driver's library is not in a jar this understands. */
    static Path verifiedCopy(Path dir) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        URL url = LibraryLoaderUtil.class.getResource(resource);
        if (url == null) return null;
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jar)) return null;
        JarEntry entry = jar.getJarEntry();
        long size = entry.getSize();
        long crc = entry.getCrc();
        if (size < 0 || crc < 0) return null;
        Path home = dir.resolve("sqlite-native-" + Long.toHexString(crc) + "-" + size);
        Path file = home.resolve(name);
        if (matches(file, size, crc)) return file;

        createPrivateDirectories(home);
        Path tmp = Files.createTempFile(home, "." + name, ".part");
        try {
            try (InputStream in = url.openStream(); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            if (!matches(tmp, size, crc)) throw new IOException("the copy of " + resource + " does not match the driver jar");
            AtomicFiles.replace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    static boolean matches(Path file, long size, long crc) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != size) return false;
        CRC32 c = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) c.update(buf, 0, n);
        }
        return c.getValue() == crc;
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path parent = dir.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // Created concurrently by another process starting from the same data dir.
                }
            }
        } else {
            Files.createDirectories(dir);
        }
    }
}
