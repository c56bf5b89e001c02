package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resource limits for one sandbox tree: a cgroup (v1 memory+pids+cpu, or v2) when the host lets us create one,
 * otherwise per-process rlimits. RLIMIT_CPU is always applied through prlimit. The cgroup is named
 * {@code <gateway id>-<seq>} under {@code clawdbot-sandbox/}, so a later gateway can tell orphans from live ones.
 */
final class Limits {
    static final String PARENT = "clawdbot-sandbox";
    private static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu");

    enum Kind { CGROUP_V1, CGROUP_V2, RLIMIT }

    private final Kind kind;
    private final Map<String, Path> parents;
    private final Path prlimit;
    private final String problem;

    private Limits(Kind kind, Map<String, Path> parents, Path prlimit, String problem) {
        this.kind = kind;
        this.parents = parents;
        this.prlimit = prlimit;
        this.problem = problem;
    }

    /** Probes the host: {@code mode} is auto, cgroup or rlimit (from {@link SandboxConfig#limits()}). */
    static Limits detect(String mode, Path cgroupRoot, Path procSelfCgroup) {
        Path prlimit = Stream.of("/usr/bin/prlimit", "/bin/prlimit").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if ("rlimit".equals(mode)) return new Limits(Kind.RLIMIT, Map.of(), prlimit, null);
        String why;
        try {
            Map<String, String> own = ownCgroups(procSelfCgroup);
            if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
                Path parent = cgroupRoot.resolve(strip(own.getOrDefault("", "/"))).resolve(PARENT);
                Files.createDirectories(parent);
                String enabled = Files.readString(parent.resolve("cgroup.controllers"));
                if (!enabled.contains("memory") || !enabled.contains("pids"))
                    throw new IOException("controllers memory and pids are not delegated to " + parent + " (has: " + enabled.strip() + ")");
                Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +pids" + (enabled.contains("cpu") ? " +cpu" : ""));
                return new Limits(Kind.CGROUP_V2, Map.of("", parent), prlimit, null);
            }
            Map<String, Path> parents = new LinkedHashMap<>();
            for (String c : V1_CONTROLLERS) {
                Path mount = cgroupRoot.resolve(c);
                if (!Files.isDirectory(mount)) {
                    if (c.equals("cpu")) continue;
                    throw new IOException("cgroup v1 controller '" + c + "' is not mounted at " + mount);
                }
                Path parent = mount.resolve(strip(own.getOrDefault(c, "/"))).resolve(PARENT);
                Files.createDirectories(parent);
                parents.put(c, parent);
            }
            return new Limits(Kind.CGROUP_V1, parents, prlimit, null);
        } catch (IOException | RuntimeException e) {
            why = "cannot create cgroups (" + e.getMessage() + ")";
        }
        if ("cgroup".equals(mode)) throw new IllegalStateException("sandbox.limits is 'cgroup' but " + why);
        return new Limits(Kind.RLIMIT, Map.of(), prlimit, why);
    }

    Kind kind() {
        return kind;
    }

    Map<String, Path> parents() {
        return parents;
    }

    /** One line for diagnostics: which mechanism enforces which limit. */
    String describe() {
        return switch (kind) {
            case CGROUP_V1 -> "cgroup v1 (" + String.join(", ", parents.keySet()) + ") under " + parents.values().iterator().next().getParent().getParent();
            case CGROUP_V2 -> "cgroup v2 (memory, pids, cpu) at " + parents.get("");
            case RLIMIT -> "rlimits via prlimit (RLIMIT_AS per process, RLIMIT_NPROC, RLIMIT_CPU); no CPU bandwidth limit";
        } + (prlimit == null ? "; prlimit missing, so no RLIMIT_CPU" : "");
    }

    /** Why the preferred mechanism is not in use, or null. */
    String problem() {
        return problem;
    }

    /**
     * @param seccomp      a filter file opened as fd 9 for bubblewrap's {@code --seccomp 9}, or null
     * @param maxFileBytes RLIMIT_FSIZE of every process in the tree, or 0 for none
     */
    Group create(String name, SandboxPolicy p, Path seccomp, long maxFileBytes) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try {
            switch (kind) {
                case CGROUP_V1 -> {
                    for (var e : parents.entrySet()) {
                        Path d = Files.createDirectory(e.getValue().resolve(name));
                        dirs.add(d);
                        switch (e.getKey()) {
                            case "memory" -> {
                                write(d.resolve("memory.limit_in_bytes"), Long.toString(p.memoryBytes()));
                                Path sw = d.resolve("memory.memsw.limit_in_bytes");
                                if (Files.exists(sw)) write(sw, Long.toString(p.memoryBytes()));
                            }
                            case "pids" -> write(d.resolve("pids.max"), Integer.toString(p.maxProcesses()));
                            case "cpu" -> {
                                write(d.resolve("cpu.cfs_period_us"), "100000");
                                write(d.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(p.cpus() * 100000)));
                            }
                            default -> { }
                        }
                    }
                }
                case CGROUP_V2 -> {
                    Path d = Files.createDirectory(parents.get("").resolve(name));
                    dirs.add(d);
                    write(d.resolve("memory.max"), Long.toString(p.memoryBytes()));
                    if (Files.exists(d.resolve("memory.swap.max"))) write(d.resolve("memory.swap.max"), "0");
                    write(d.resolve("pids.max"), Integer.toString(p.maxProcesses()));
                    if (Files.exists(d.resolve("cpu.max"))) write(d.resolve("cpu.max"), Math.round(p.cpus() * 100000) + " 100000");
                }
                case RLIMIT -> { }
            }
        } catch (IOException e) {
            Group g = new Group(dirs, List.of());
            g.close();
            throw e;
        }
        List<String> prefix = new ArrayList<>();
        if (prlimit != null) {
            long cpu = Math.max(1, p.cpuTime().toSeconds());
            // soft < hard, so the tree first gets SIGXCPU (exit 152) rather than an anonymous SIGKILL
            prefix.addAll(List.of(prlimit.toString(), "--cpu=" + cpu + ":" + (cpu + 1)));
            if (maxFileBytes > 0) prefix.add("--fsize=" + maxFileBytes);
            if (kind == Kind.RLIMIT)
                prefix.addAll(List.of("--nproc=" + p.maxProcesses(), "--as=" + p.memoryBytes()));
            prefix.add("--");
        }
        if (!dirs.isEmpty() || seccomp != null) {
            // The shell joins the cgroup(s) before exec'ing the sandbox, so no process of the tree ever runs outside.
            StringBuilder script = new StringBuilder();
            for (Path d : dirs) script.append("echo $$ > '").append(d.resolve("cgroup.procs")).append("' || exit 125; ");
            if (seccomp != null) script.append("exec 9< '").append(seccomp).append("' || exit 125; ");
            script.append("exec \"$@\"");
            List<String> wrap = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "clawdbot-sandbox"));
            wrap.addAll(prefix);
            prefix = wrap;
        }
        return new Group(dirs, prefix);
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    private static String strip(String p) {
        return p.startsWith("/") ? p.substring(1) : p;
    }

    /** controller name ("" for v2) to the cgroup path of this process. */
    static Map<String, String> ownCgroups(Path procSelfCgroup) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.exists(procSelfCgroup)) return m;
        for (String line : Files.readAllLines(procSelfCgroup)) {
            String[] f = line.split(":", 3);
            if (f.length < 3) continue;
            if (f[1].isEmpty()) m.put("", f[2]);
            for (String c : f[1].split(",")) if (!c.isEmpty()) m.put(c, f[2]);
        }
        return m;
    }

    /** The cgroup directories of one sandbox and the argv prefix that places the tree in them. */
    record Group(List<Path> dirs, List<String> prefix) implements AutoCloseable {
        List<String> wrap(List<String> argv) {
            List<String> a = new ArrayList<>(prefix);
            a.addAll(argv);
            return a;
        }

        boolean oomKilled() {
            for (Path d : dirs) {
                try {
                    Path v1 = d.resolve("memory.oom_control");
                    if (Files.exists(v1) && Files.readString(v1).matches("(?s).*oom_kill [1-9].*")) return true;
                    Path v2 = d.resolve("memory.events");
                    if (Files.exists(v2) && Files.readString(v2).matches("(?s).*oom_kill [1-9].*")) return true;
                } catch (IOException e) {
                    return false;
                }
            }
            return false;
        }

        /** SIGKILLs every process left in the group. */
        void killAll() {
            for (Path d : dirs) Cgroups.killAll(d);
        }

        @Override
        public void close() {
            for (Path d : dirs) Cgroups.remove(d);
        }
    }
}
