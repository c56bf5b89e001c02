package dev.clawdbot.sandbox;

import dev.clawdbot.core.config.RecordBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sandboxed command can see and use. Everything not listed is invisible: the root is built from
 * {@code readOnlyPaths} (system directories, bound read-only), the workspace (read-write at {@code /workspace}),
 * a size-capped tmpfs at {@code /tmp}, a private {@code /proc} and a minimal {@code /dev}. There is never a
 * network; there is no key to turn it on.
 *
 * @param readOnlyPaths  host paths bound read-only at the same place (missing ones are skipped; host symlinks such
 *                       as {@code /bin -> usr/bin} are recreated as symlinks)
 * @param tmpfsBytes     size of the {@code /tmp} tmpfs
 * @param memoryBytes    memory limit of the whole tree (cgroup memory, or RLIMIT_AS per process as fallback)
 * @param maxProcesses   process/thread limit of the whole tree (cgroup pids, or RLIMIT_NPROC as fallback)
 * @param cpus           CPU bandwidth in cores (cgroup cpu quota; no fallback)
 * @param cpuTime        CPU time per process (RLIMIT_CPU, always applied)
 * @param timeout        default wall-clock limit when a request names none
 * @param maxTimeout     the longest wall-clock limit a request may ask for
 * @param maxOutputBytes cap per stream (stdout, stderr); the rest is discarded and a marker appended
 * @param uid            uid inside the sandbox (never 0)
 * @param gid            gid inside the sandbox (never 0)
 * @param env            the complete environment inside; nothing is inherited from the gateway
 * @param hostUid        the host uid bubblewrap drops to when the gateway runs as root, so that the sandbox is not
 *                       host root in disguise (root-owned sysctls and keyrings check the host uid, not capabilities)
 * @param hostGid        the host gid that goes with {@code hostUid}
 */
public record SandboxPolicy(List<String> readOnlyPaths, Long tmpfsBytes, Long memoryBytes, Integer maxProcesses,
                            Double cpus, Duration cpuTime, Duration timeout, Duration maxTimeout,
                            Integer maxOutputBytes, Integer uid, Integer gid, Map<String, String> env,
                            Integer hostUid, Integer hostGid) {

    public static final List<String> DEFAULT_READ_ONLY_PATHS = List.of(
            "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
            "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/localtime", "/etc/nsswitch.conf", "/etc/python3", "/etc/ssl/certs");

    public static final long DEFAULT_TMPFS_BYTES = 64L << 20;
    public static final long DEFAULT_MEMORY_BYTES = 512L << 20;
    public static final int DEFAULT_MAX_PROCESSES = 64;
    public static final double DEFAULT_CPUS = 1.0;
    public static final Duration DEFAULT_CPU_TIME = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;
    /** nobody/nogroup: the sandboxed process owns nothing on the host. */
    public static final int NOBODY = 65534;

    /** Host paths that may never be made visible, whatever the configuration says. */
    static final List<String> FORBIDDEN = List.of("/root", "/home", "/proc", "/sys", "/dev", "/tmp", "/run", "/var",
            "/boot", "/mnt", "/media", "/srv", "/opt", "/workspace", "/etc/shadow", "/etc/gshadow", "/etc/sudoers",
            "/etc/sudoers.d", "/etc/ssh", "/etc/ssl/private", "/etc/passwd", "/etc/group", "/etc/shadow-",
            "/etc/gshadow-");

    private static final Set<String> WHOLE_DIRS = Set.of("/", "/etc");

    public SandboxPolicy {
        readOnlyPaths = List.copyOf(readOnlyPaths == null ? DEFAULT_READ_ONLY_PATHS : readOnlyPaths);
        tmpfsBytes = tmpfsBytes == null ? DEFAULT_TMPFS_BYTES : tmpfsBytes;
        memoryBytes = memoryBytes == null ? DEFAULT_MEMORY_BYTES : memoryBytes;
        maxProcesses = maxProcesses == null ? DEFAULT_MAX_PROCESSES : maxProcesses;
        cpus = cpus == null ? DEFAULT_CPUS : cpus;
        cpuTime = cpuTime == null ? DEFAULT_CPU_TIME : cpuTime;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        maxTimeout = maxTimeout == null ? DEFAULT_MAX_TIMEOUT : maxTimeout;
        maxOutputBytes = maxOutputBytes == null ? DEFAULT_MAX_OUTPUT_BYTES : maxOutputBytes;
        uid = uid == null ? NOBODY : uid;
        gid = gid == null ? NOBODY : gid;
        env = Map.copyOf(env == null ? defaultEnv() : env);
        hostUid = hostUid == null ? NOBODY : hostUid;
        hostGid = hostGid == null ? NOBODY : hostGid;

        for (String p : readOnlyPaths) checkPath(p);
        positive("sandbox.policy.tmpfsBytes", tmpfsBytes, 1L << 20);
        positive("sandbox.policy.memoryBytes", memoryBytes, 16L << 20);
        positive("sandbox.policy.maxProcesses", maxProcesses, 4);
        if (!(cpus > 0.01 && cpus <= 1024)) throw new IllegalArgumentException("sandbox.policy.cpus must be in (0.01, 1024], was " + cpus);
        positiveDuration("sandbox.policy.cpuTime", cpuTime);
        positiveDuration("sandbox.policy.timeout", timeout);
        positiveDuration("sandbox.policy.maxTimeout", maxTimeout);
        if (timeout.compareTo(maxTimeout) > 0)
            throw new IllegalArgumentException("sandbox.policy.timeout (" + timeout + ") exceeds sandbox.policy.maxTimeout (" + maxTimeout + ")");
        positive("sandbox.policy.maxOutputBytes", maxOutputBytes, 1024);
        if (uid <= 0 || uid > 65535) throw new IllegalArgumentException("sandbox.policy.uid must be in 1..65535 (never root), was " + uid);
        if (gid <= 0 || gid > 65535) throw new IllegalArgumentException("sandbox.policy.gid must be in 1..65535 (never root), was " + gid);
        if (hostUid <= 0) throw new IllegalArgumentException("sandbox.policy.hostUid must be a non-root uid, was " + hostUid);
        if (hostGid <= 0) throw new IllegalArgumentException("sandbox.policy.hostGid must be a non-root gid, was " + hostGid);
        env.forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]{0,63}"))
                throw new IllegalArgumentException("sandbox.policy.env: invalid variable name '" + k + "'");
            if (v == null || v.indexOf('\0') >= 0)
                throw new IllegalArgumentException("sandbox.policy.env." + k + " must be a string without NUL");
        });
    }

    public static SandboxPolicy defaults() {
        return builder().build();
    }

    /** The same policy with other resource limits, for callers (tests, the escape suite) that want it tighter. */
    public SandboxPolicy withLimits(long memoryBytes, int maxProcesses, Duration timeout, int maxOutputBytes) {
        return toBuilder().memoryBytes(memoryBytes).maxProcesses(maxProcesses).timeout(timeout)
                .maxTimeout(timeout.compareTo(maxTimeout) > 0 ? timeout : maxTimeout).maxOutputBytes(maxOutputBytes).build();
    }

    /** Rejects {@code readOnlyPaths} overlapping directories the gateway keeps secrets in (config, data). */
    public void checkProtected(List<Path> protectedPaths) {
        for (String p : readOnlyPaths) {
            Path ro = Path.of(p);
            for (Path prot : protectedPaths) {
                Path abs = prot.toAbsolutePath().normalize();
                if (ro.startsWith(abs) || abs.startsWith(ro))
                    throw new IllegalArgumentException("sandbox.policy.readOnlyPaths: '" + p
                            + "' would expose the protected path " + abs);
            }
        }
    }

    private static Map<String, String> defaultEnv() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        m.put("HOME", "/workspace");
        m.put("TMPDIR", "/tmp");
        m.put("LANG", "C.UTF-8");
        m.put("PYTHONDONTWRITEBYTECODE", "1");
        return m;
    }

    private static void checkPath(String p) {
        if (p == null || !p.startsWith("/") || !Path.of(p).normalize().toString().equals(p) || p.indexOf('\0') >= 0)
            throw new IllegalArgumentException("sandbox.policy.readOnlyPaths: '" + p + "' must be an absolute, normalized path");
        if (WHOLE_DIRS.contains(p))
            throw new IllegalArgumentException("sandbox.policy.readOnlyPaths: '" + p + "' would expose too much; list the needed sub-paths");
        Path path = Path.of(p);
        for (String f : FORBIDDEN) {
            if (path.startsWith(f) || (Path.of(f).startsWith(path) && !p.equals("/etc")))
                throw new IllegalArgumentException("sandbox.policy.readOnlyPaths: '" + p + "' overlaps the forbidden path " + f);
        }
    }

    private static void positive(String key, long v, long min) {
        if (v < min) throw new IllegalArgumentException(key + " must be at least " + min + ", was " + v);
    }

    private static void positiveDuration(String key, Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(key + " must be positive, was " + d);
    }

    /** A builder with every component unset (null), so each takes the default this record gives it. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder extends RecordBuilder<SandboxPolicy, Builder> {
        private Builder(SandboxPolicy from) {
            super(SandboxPolicy.class, from);
        }

        public Builder readOnlyPaths(List<String> readOnlyPaths) { return set("readOnlyPaths", readOnlyPaths); }
        public Builder tmpfsBytes(Long tmpfsBytes) { return set("tmpfsBytes", tmpfsBytes); }
        public Builder memoryBytes(Long memoryBytes) { return set("memoryBytes", memoryBytes); }
        public Builder maxProcesses(Integer maxProcesses) { return set("maxProcesses", maxProcesses); }
        public Builder cpus(Double cpus) { return set("cpus", cpus); }
        public Builder cpuTime(Duration cpuTime) { return set("cpuTime", cpuTime); }
        public Builder timeout(Duration timeout) { return set("timeout", timeout); }
        public Builder maxTimeout(Duration maxTimeout) { return set("maxTimeout", maxTimeout); }
        public Builder maxOutputBytes(Integer maxOutputBytes) { return set("maxOutputBytes", maxOutputBytes); }
        public Builder uid(Integer uid) { return set("uid", uid); }
        public Builder gid(Integer gid) { return set("gid", gid); }
        public Builder env(Map<String, String> env) { return set("env", env); }
        public Builder hostUid(Integer hostUid) { return set("hostUid", hostUid); }
        public Builder hostGid(Integer hostGid) { return set("hostGid", hostGid); }
    }
}
