package dev.clawdbot.sandbox;

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

    static List<String> run(SandboxBackend.Container c, SandboxPolicy p, String name, String gatewayId,
                            String workspace, List<String> command) {
        List<String> a = new ArrayList<>(List.of(c.executable().toString(), "run", "--rm", "-i",
                "--name", name, "--label", LABEL + "=" + gatewayId,
                "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--network", "none", "--ipc", "none",
                "--pids-limit", Integer.toString(p.maxProcesses()),
                "--memory", Long.toString(p.memoryBytes()), "--memory-swap", Long.toString(p.memoryBytes()),
                "--cpus", String.format(Locale.ROOT, "%.2f", p.cpus()),
                "--ulimit", "cpu=" + p.cpuTime().toSeconds(),
                // without these podman raises NOFILE and NPROC to 1048576 once any --ulimit is given, which fails
                // where the engine lacks CAP_SYS_RESOURCE (in a container: "error setting rlimit type 7")
                "--ulimit", "nofile=" + NOFILE + ":" + NOFILE,
                "--ulimit", "nproc=" + NPROC + ":" + NPROC,
                "--user", p.uid() + ":" + p.gid(),
                "--tmpfs", "/tmp:rw,nosuid,nodev,size=" + p.tmpfsBytes(),
                "--mount", "type=bind,source=" + workspace + ",target=/workspace",
                "--workdir", "/workspace",
                "--hostname", "sandbox"));
        new TreeMap<>(p.env()).forEach((k, v) -> a.addAll(List.of("--env", k + "=" + v)));
        a.add(c.image());
        a.addAll(command);
        return a;
    }

    static List<String> kill(SandboxBackend.Container c, String name) {
        return List.of(c.executable().toString(), "rm", "-f", name);
    }

    static List<String> listOrphans(SandboxBackend.Container c) {
        return List.of(c.executable().toString(), "ps", "-a", "--filter", "label=" + LABEL,
                "--format", "{{.Names}} {{.Label \"" + LABEL + "\"}}");
    }
}
