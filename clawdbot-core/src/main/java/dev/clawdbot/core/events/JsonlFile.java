package dev.clawdbot.core.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * An append-only JSON-lines file with size-based rotation: {@code events.jsonl} becomes {@code events.jsonl.1},
 * older ones shift up to {@code .keep} and the oldest is deleted. A line is never split across files. Used by
 * one thread only.
 */
final class JsonlFile implements AutoCloseable {

    private final Path file;
    private final long rotateBytes;
    private final int keep;
    private FileChannel channel;
    private long size;

    JsonlFile(Path file, long rotateBytes, int keep) {
        this.file = file;
        this.rotateBytes = rotateBytes;
        this.keep = keep;
    }

    /** Appends the lines and forces them to disk. */
    void append(List<byte[]> lines) throws IOException {
        if (channel == null) open();
        for (byte[] line : lines) {
            if (size > 0 && size + line.length > rotateBytes) {
                channel.force(false);
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) channel.write(buf);
            size += line.length;
        }
        channel.force(false);
    }

    private void open() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent, posix ? new FileAttribute<?>[]{mode("rwx------")} : new FileAttribute<?>[0]);
        channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                posix ? new FileAttribute<?>[]{mode("rw-------")} : new FileAttribute<?>[0]);
        size = channel.size();
    }

    private static FileAttribute<?> mode(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }

    private void rotate() throws IOException {
        channel.close();
        channel = null;
        Files.deleteIfExists(numbered(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.force(false);
            channel.close();
            channel = null;
        }
    }
}
