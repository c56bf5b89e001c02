package dev.clawdbot.siem;

import dev.clawdbot.siem.rules.BoundedLines;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Follows one text log file by polling: new complete lines go to the sink; a partial last line waits until
 * its newline arrives. Rotation by rename is seen as a new inode at the path (the old file is read to its end
 * first), copytruncate as a size below the offset (reading restarts at 0). The offset only moves past whole
 * lines, and {@link #position()} is what the caller persists.
 */
final class FileFollower implements AutoCloseable {

    /** Where a followed file was read up to. */
    record Position(String inode, long offset) {
    }

    private final Path path;
    private final Consumer<String> sink;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private FileChannel channel;
    private String inode;
    private long offset;
    /** Where the line being read starts: what is safe to persist. */
    private long lineStart;
    /** A file we hold no position for starts at its end (old lines are history, not news), as Wazuh's logcollector does. */
    private boolean skipExisting;
    /** Bytes of a line whose newline has not arrived yet, capped at {@link BoundedLines#MAX}. */
    private byte[] partial = new byte[0];
    private boolean partialCut;
    private long truncatedLines;

    FileFollower(Path path, Position start, Consumer<String> sink) {
        this.path = path;
        this.sink = sink;
        if (start != null) {
            this.inode = start.inode();
            this.offset = start.offset();
            this.lineStart = start.offset();
        } else {
            skipExisting = true;
        }
    }

    Path path() {
        return path;
    }

    /** Where whole lines have been read up to; null before the file was ever seen. */
    Position position() {
        return inode == null ? null : new Position(inode, lineStart);
    }

    long truncatedLines() {
        return truncatedLines;
    }

    /** Reads whatever is new. Returns the number of lines delivered. */
    int poll() throws IOException {
        String current;
        long size;
        try {
            current = String.valueOf(Files.getAttribute(path, "unix:ino"));
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            // Rotated away and not yet recreated: finish the old file if it is still open.
            skipExisting = false;
            return channel == null ? 0 : drain();
        }
        int n = 0;
        if (channel != null && !current.equals(inode)) {
            n += drain();
            closeChannel();
            reset(current, 0);
        }
        if (channel == null) {
            if (skipExisting) {
                reset(current, size);
            } else if (!current.equals(inode)) {
                // Rotated while we were down, or created since: from its start.
                reset(current, 0);
            }
            skipExisting = false;
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        if (size < offset) {
            // copytruncate: the same inode, shorter than what we read.
            reset(current, 0);
        }
        return n + drain();
    }

    private void reset(String newInode, long at) {
        inode = newInode;
        offset = at;
        lineStart = at;
        partial = new byte[0];
        partialCut = false;
    }

    private int drain() throws IOException {
        int lines = 0;
        channel.position(offset);
        while (true) {
            buf.clear();
            int r = channel.read(buf);
            if (r <= 0) break;
            long chunkStart = offset;
            offset += r;
            buf.flip();
            lines += split(buf.array(), buf.limit(), chunkStart);
        }
        return lines;
    }

    private int split(byte[] data, int len, long chunkStart) {
        int lines = 0;
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (data[i] != '\n') continue;
            byte[] line = join(data, start, i);
            int end = line.length;
            if (end > 0 && line[end - 1] == '\r') end--;
            sink.accept(new String(line, 0, end, StandardCharsets.UTF_8));
            if (partialCut) truncatedLines++;
            partial = new byte[0];
            partialCut = false;
            lines++;
            start = i + 1;
            lineStart = chunkStart + start;
        }
        if (start < len) {
            partial = join(data, start, len);
        }
        return lines;
    }

    /** The pending partial line followed by {@code data[from, to)}, cut at the line limit. */
    private byte[] join(byte[] data, int from, int to) {
        int room = Math.max(0, BoundedLines.MAX - partial.length);
        int take = Math.min(room, to - from);
        if (take < to - from) partialCut = true;
        byte[] out = new byte[partial.length + take];
        System.arraycopy(partial, 0, out, 0, partial.length);
        System.arraycopy(data, from, out, partial.length, take);
        return out;
    }

    private void closeChannel() throws IOException {
        if (channel != null) channel.close();
        channel = null;
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }
}
