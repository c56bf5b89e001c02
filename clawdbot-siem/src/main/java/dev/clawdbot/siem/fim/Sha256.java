package dev.clawdbot.siem.fim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a file's content, read through one reused 256 KiB buffer (sha256sum reads 32 KiB at a time; larger
 * reads cost fewer system calls and the digest runs on the CPU's SHA extensions either way). Opens with
 * {@code O_NOFOLLOW}: a path swapped for a symbolic link between the stat and the read fails instead of hashing
 * something outside the tree. Not thread-safe: one per thread.
 */
public final class Sha256 {

    private static final int BUFFER = 256 * 1024;

    private final MessageDigest digest;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private final byte[] chunk = new byte[BUFFER];

    public Sha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String file(Path p) throws IOException {
        digest.reset();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                buffer.clear();
                int n = ch.read(buffer);
                if (n < 0) break;
                buffer.flip();
                buffer.get(chunk, 0, n);
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public String bytes(byte[] b) {
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(b));
    }
}
