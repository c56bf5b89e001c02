package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code sandbox.disk}: what keeps sandboxed commands from filling the disk the database and events live on.
 *
 * @param maxFileBytes largest file one sandboxed process may write (RLIMIT_FSIZE; the writer gets SIGXFSZ/EFBIG)
 * @param minFreeBytes reserve: below this much free space on the workspace's or the data dir's file system,
 *                     new sandboxed runs are refused and running ones are killed; {@code /readyz} and
 *                     {@code doctor} report it
 * @param workspaceMaxBytes bytes one workspace may hold (see {@link WorkspaceUsage}): over it, runs in that
 *                          workspace are refused and its running ones killed
 * @param workspaceMaxFiles files and directories one workspace may hold, so that one agent cannot exhaust inodes
 */
public record DiskConfig(Long maxFileBytes, Long minFreeBytes, Long workspaceMaxBytes, Long workspaceMaxFiles) {
    public DiskConfig {
        maxFileBytes = maxFileBytes == null ? 1L << 30 : maxFileBytes;
        minFreeBytes = minFreeBytes == null ? 512L << 20 : minFreeBytes;
        workspaceMaxBytes = workspaceMaxBytes == null ? 2L << 30 : workspaceMaxBytes;
        workspaceMaxFiles = workspaceMaxFiles == null ? 100_000L : workspaceMaxFiles;
        if (workspaceMaxBytes < 1L << 20)
            throw new IllegalArgumentException("sandbox.disk.workspaceMaxBytes must be at least 1048576, was " + workspaceMaxBytes);
        if (workspaceMaxFiles < 1) throw new IllegalArgumentException("sandbox.disk.workspaceMaxFiles must be at least 1, was " + workspaceMaxFiles);
        if (maxFileBytes < 1L << 20)
            throw new IllegalArgumentException("sandbox.disk.maxFileBytes must be at least 1048576, was " + maxFileBytes);
        if (minFreeBytes < 0) throw new IllegalArgumentException("sandbox.disk.minFreeBytes must not be negative, was " + minFreeBytes);
    }

    /**
     * Null when the file system holding {@code path} (or its nearest existing ancestor) has at least
     * {@code minFreeBytes} usable, else a sentence saying how much is left. Used by /readyz and doctor too.
     */
    public String lowSpace(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return null;
        try {
            FileStore fs = Files.getFileStore(p);
            long free = fs.getUsableSpace();
            if (free >= minFreeBytes) return null;
            return "free space on the file system of " + path + " is " + (free >> 20) + " MiB, under the "
                    + (minFreeBytes >> 20) + " MiB reserve (sandbox.disk.minFreeBytes)";
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Null while {@code workspace} holds no more than {@code workspaceMaxBytes} and {@code workspaceMaxFiles},
     * else a sentence naming the key that was passed and the usage counted up to the point the walk stopped.
     */
    String overQuota(Path workspace) {
        WorkspaceUsage u;
        try {
            u = WorkspaceUsage.measure(workspace, workspaceMaxBytes, workspaceMaxFiles);
        } catch (IOException e) {
            return null; // the workspace is gone: nothing left to count
        }
        if (!u.over()) return null;
        String usage = "at least " + (u.bytes() >> 20) + " MiB in " + u.entries() + " files and directories";
        return u.entries() > workspaceMaxFiles
                ? "workspace " + workspace + " holds " + usage + ", over the limit of " + workspaceMaxFiles
                + " files and directories (sandbox.disk.workspaceMaxFiles)"
                : "workspace " + workspace + " holds " + usage + ", over the limit of " + (workspaceMaxBytes >> 20)
                + " MiB (sandbox.disk.workspaceMaxBytes)";
    }

    public static DiskConfig defaults() {
        return new DiskConfig(null, null, null, null);
    }
}
