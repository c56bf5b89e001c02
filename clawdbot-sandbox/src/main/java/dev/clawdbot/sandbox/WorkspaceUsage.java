package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * What a workspace holds: bytes and entries (files, directories, links: each takes an inode). Java exposes no
 * {@code st_blocks}, so bytes are each entry's size rounded up to a 4 KiB block, directories one block: that is
 * what the file system allocates for ordinary files, and more than it allocates for sparse ones, so a sparse
 * {@code dd seek=} cannot hide usage.
 *
 * @param bytes   bytes counted (a lower bound when {@code over})
 * @param entries files and directories counted, the workspace itself not included (a lower bound when {@code over})
 * @param over    the walk stopped early because a limit was passed
 */
record WorkspaceUsage(long bytes, long entries, boolean over) {
    static final long BLOCK = 4096;

    /**
     * Walks {@code workspace} without following links and stops as soon as {@code maxBytes} or {@code maxEntries}
     * is passed, so a workspace with millions of files costs no more than the limit's worth of stat calls.
     */
    static WorkspaceUsage measure(Path workspace, long maxBytes, long maxEntries) throws IOException {
        long[] n = new long[2];
        boolean[] over = new boolean[1];
        Files.walkFileTree(workspace, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                return dir.equals(workspace) ? FileVisitResult.CONTINUE : count(a);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                return count(a);
            }

            /** Entries removed or unreadable mid-walk are skipped: the next measurement sees the tree as it is then. */
            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            private FileVisitResult count(BasicFileAttributes a) {
                n[0] += a.isDirectory() ? BLOCK : (a.size() + BLOCK - 1) / BLOCK * BLOCK;
                n[1]++;
                if (n[0] > maxBytes || n[1] > maxEntries) {
                    over[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new WorkspaceUsage(n[0], n[1], over[0]);
    }
}
