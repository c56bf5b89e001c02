package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Host-side preparation of a workspace for a sandbox that runs as {@code policy.hostUid}. */
final class Workspaces {
    private static final boolean ROOT = readEuid() == 0;

    private Workspaces() {
    }

    static boolean gatewayIsRoot() {
        return ROOT;
    }

    /**
     * The host identity a root gateway's sandbox runs as: the workspace owner when that is not root (a person's
     * project stays theirs), else {@code policy.hostUid}, to which an empty root-owned workspace is then given;
     * a root-owned workspace that already holds files is refused.
     */
    static BwrapCommand.Drop dropFor(Path workspace, SandboxPolicy p) throws IOException {
        int uid = (Integer) Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(workspace, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (uid != 0) return new BwrapCommand.Drop(uid, gid != 0 ? gid : p.hostGid());
        if (!isEmpty(workspace)) {
            // Taking over an existing root-owned tree (a checkout, /etc/...) would silently change who owns it.
            throw new IOException("workspace " + workspace + " is owned by root and not empty; the sandbox runs as host uid "
                    + p.hostUid() + " and only takes over empty directories. Use an empty directory, or chown this one to "
                    + "the user the commands should run as");
        }
        prepare(workspace, p.hostUid(), p.hostGid());
        return new BwrapCommand.Drop(p.hostUid(), p.hostGid());
    }

    /** Gives a root-owned, empty workspace to {@code uid}; anything else is left as it is. */
    static void adoptIfEmpty(Path workspace, int uid, int gid) throws IOException {
        if (((Integer) Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == 0 && isEmpty(workspace))
            prepare(workspace, uid, gid);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * Gives the (empty) workspace to the sandbox's host uid the first time (the root directory's owner tells whether
     * that happened); later host-side writes keep the root's owner (see the file tools).
     */
    static void prepare(Path workspace, int uid, int gid) throws IOException {
        if (((Integer) Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid) return;
        try (Stream<Path> s = Files.walk(workspace)) {
            for (Path f : s.toList()) {
                Files.setAttribute(f, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(f, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static int readEuid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.split("\\s+")[2]);
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: no bubblewrap either
        }
        return -1;
    }
}
