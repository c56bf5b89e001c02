package dev.clawdbot.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Maps a {@link SandboxPolicy} to a {@code docker run} / {@code podman run} argv. */
final class ContainerCommand {
    static final String LABEL = "dev.clawdbot.sandbox.gateway";
    /** Open files per sandboxed process, as docker's and most distributions' default soft limit. */
    static final int NOFILE = 1024;
    /**
     * Processes of the sandbox uid on the whole host (RLIMIT_NPROC counts per uid, not per container): a backstop
     * only; {@code --pids-limit} bounds each container.
     */
    static final int NPROC = 4096;

    private ContainerCommand() {
    }

    /** @param seccomp the {@link ContainerSeccomp} profile, or null for the engine's default */
    static List<String> run(SandboxBackend.Container c, SandboxPolicy p, String name, String gatewayId,
                            String workspace, Path seccomp, List<String> command) {
        long cpu = Math.max(1, p.cpuTime().toSeconds());
        List<String> a = new ArrayList<>(List.of(c.executable().toString(), "run", "--rm", "-i",
                "--name", name, "--label", LABEL + "=" + gatewayId,
                // a minimal init (catatonit, docker-init) as PID 1: the kernel drops default-action signals to PID 1
                // without a handler, so a command that were PID 1 would survive RLIMIT_CPU's SIGXCPU until SIGKILL
                "--init",
                "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--network", "none", "--ipc", "none",
                "--pids-limit", Integer.toString(p.maxProcesses()),
                "--memory", Long.toString(p.memoryBytes()), "--memory-swap", Long.toString(p.memoryBytes()),
                "--cpus", String.format(Locale.ROOT, "%.2f", p.cpus()),
                // soft < hard, so the command first gets SIGXCPU (exit 152) rather than an anonymous SIGKILL
                "--ulimit", "cpu=" + cpu + ":" + (cpu + 1),
                // without these podman raises NOFILE and NPROC to 1048576 once any --ulimit is given, which fails
                // where the engine lacks CAP_SYS_RESOURCE (in a container: "error setting rlimit type 7")
                "--ulimit", "nofile=" + NOFILE + ":" + NOFILE,
                "--ulimit", "nproc=" + NPROC + ":" + NPROC,
                "--user", p.uid() + ":" + p.gid(),
                "--tmpfs", "/tmp:rw,nosuid,nodev,size=" + p.tmpfsBytes(),
                "--mount", "type=bind,source=" + workspace + ",target=/workspace",
                "--workdir", "/workspace",
                "--hostname", "sandbox"));
        if (seccomp != null) a.addAll(List.of("--security-opt", "seccomp=" + seccomp));
        new TreeMap<>(p.env()).forEach((k, v) -> a.addAll(List.of("--env", k + "=" + v)));
        a.add(c.image());
        a.addAll(command);
        return a;
    }

    static List<String> kill(SandboxBackend.Container c, String name) {
        // podman's rm -f sends SIGTERM first, which the init passes on (exit 143) and a command may ignore for
        // 10 s; -t 0 makes it SIGKILL at once, as docker's rm -f always does
        return c.name().equals("podman") ? List.of(c.executable().toString(), "rm", "-f", "-t", "0", name)
                : List.of(c.executable().toString(), "rm", "-f", name);
    }

    static List<String> listOrphans(SandboxBackend.Container c) {
        return List.of(c.executable().toString(), "ps", "-a", "--filter", "label=" + LABEL,
                "--format", "{{.Names}} {{.Label \"" + LABEL + "\"}}");
    }
}
