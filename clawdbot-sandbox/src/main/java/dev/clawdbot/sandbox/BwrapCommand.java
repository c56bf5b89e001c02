package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Maps a {@link SandboxPolicy} to a bubblewrap argv. */
final class BwrapCommand {
    static final String SETPRIV = "/usr/bin/setpriv";
    static final String UNSHARE = "/usr/bin/unshare";
    /**
     * Where a root gateway shows the workspace to the dropped uid. bubblewrap runs as that uid and must reach the
     * bind source by path; the default workspace lies under the 0700 data dir (and often under /root), which the uid
     * cannot traverse, so exec and python failed with the README defaults. Instead of opening the data dir up, the
     * launcher enters a private mount namespace and binds the workspace here (/run is 0755), visible to nothing else.
     */
    static final String WS_MOUNT = "/run/clawdbot-sandbox-ws";
    private static final String MOUNT_SCRIPT = "mkdir -p -m 0755 " + WS_MOUNT + " && mount --bind \"$0\" " + WS_MOUNT
            + " || exit 125; exec \"$@\"";

    private BwrapCommand() {
    }

    /** The non-root host identity bubblewrap starts as when the gateway is root. */
    record Drop(int uid, int gid) {
        Drop {
            if (uid <= 0 || gid <= 0) throw new IllegalArgumentException("a sandbox never runs as host root (uid " + uid + ", gid " + gid + ")");
        }
    }

    /**
     * @param drop non-null when the gateway is root: bubblewrap then starts as that uid through setpriv, because a
     *             user namespace whose uid maps to host root still passes every uid-only kernel check (global
     *             sysctls, root's keyrings)
     */
    static List<String> argv(Path bwrap, SandboxPolicy p, Path workspace, List<String> command, Drop drop) {
        return argv(bwrap, p, workspace, command, drop, false);
    }

    /** @param seccompFd9 the launcher opened a seccomp filter as fd 9 */
    static List<String> argv(Path bwrap, SandboxPolicy p, Path workspace, List<String> command, Drop drop, boolean seccompFd9) {
        List<String> a = new ArrayList<>();
        if (drop != null) {
            a.addAll(List.of(UNSHARE, "--mount", "--propagation", "private", "--", "/bin/sh", "-c", MOUNT_SCRIPT, workspace.toString()));
            a.addAll(List.of(SETPRIV, "--reuid=" + drop.uid(), "--regid=" + drop.gid(), "--clear-groups", "--"));
        }
        a.addAll(List.of(bwrap.toString(),
                // A user namespace is what lets root-started bwrap switch to a non-root uid with no capabilities.
                "--unshare-user", "--uid", Integer.toString(p.uid()), "--gid", Integer.toString(p.gid()),
                "--disable-userns",
                "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--hostname", "sandbox",
                "--new-session", "--die-with-parent", "--cap-drop", "ALL",
                "--clearenv"));
        if (seccompFd9) a.addAll(List.of("--seccomp", "9"));
        new TreeMap<>(p.env()).forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
        for (String ro : p.readOnlyPaths()) {
            Path path = Path.of(ro);
            if (Files.isSymbolicLink(path)) {
                try {
                    a.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), ro));
                } catch (IOException e) {
                    continue;
                }
            } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                a.addAll(List.of("--ro-bind", ro, ro));
            }
        }
        // bubblewrap's /dev is a tmpfs with no size; without a memory cgroup (rlimit fallback) nothing bounded what a
        // command wrote there. Its one writable place, /dev/shm, gets the /tmp cap, and /dev itself is read-only
        // (device nodes still work: a read-only mount refuses changes to the tree, not I/O on devices).
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(p.tmpfsBytes()), "--tmpfs", "/dev/shm", "--remount-ro", "/dev",
                "--size", Long.toString(p.tmpfsBytes()), "--tmpfs", "/tmp",
                "--bind", drop == null ? workspace.toString() : WS_MOUNT, "/workspace",
                "--remount-ro", "/",
                "--chdir", "/workspace", "--"));
        a.addAll(command);
        return a;
    }
}
