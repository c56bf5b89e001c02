package dev.clawdbot.sandbox;

import dev.clawdbot.core.Diagnostic;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs commands under the configured {@link SandboxPolicy} with the best available backend. On construction it
 * picks the backend, probes it, and removes sandboxes and cgroups left behind by a crashed gateway.
 */
public final class Sandbox implements AutoCloseable {
    private final SandboxConfig config;
    private final EventSink events;
    private final Clock clock;
    private final Limits limits;
    private final SandboxBackend backend;
    private final String reason;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final String gatewayId;
    private final Orphans orphans;
    private final AtomicLong seq = new AtomicLong();
    private final Set<Execution> running = ConcurrentHashMap.newKeySet();
    private final Path seccomp;
    private final DiskGuard disk;

    public Sandbox(SandboxConfig config, EventSink events, Clock clock) {
        this(config, events, clock, Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"));
    }

    Sandbox(SandboxConfig config, EventSink events, Clock clock, Path cgroupRoot, Path procSelfCgroup) {
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.gatewayId = Orphans.gatewayId(ProcessHandle.current().pid());
        this.limits = Limits.detect(config.limits(), cgroupRoot, procSelfCgroup);
        if (limits.problem() != null)
            problems.add(Diagnostic.warning("sandbox", "limits fall back to rlimits: " + limits.problem(),
                    "run the gateway as root on a cgroup v1 host, or with a delegated cgroup v2 subtree (systemd Delegate=yes)"));
        if (limits.kind() == Limits.Kind.RLIMIT && ProcessHandle.current().info().user().orElse("").equals("root"))
            problems.add(Diagnostic.warning("sandbox", "RLIMIT_NPROC does not bind processes that are root on the host, so there is no fork-bomb limit",
                    "make cgroups writable for the gateway"));
        var probe = new BackendProbe(config, problems);
        this.backend = probe.choose();
        this.reason = probe.reason();
        checkRuntimeDir(config.runtimeDir());
        this.seccomp = switch (backend) {
            case SandboxBackend.Bubblewrap b -> installSeccomp(config.runtimeDir(), problems);
            case SandboxBackend.Container c -> installContainerSeccomp(config.runtimeDir());
            case SandboxBackend.None n -> null;
        };
        this.orphans = new Orphans(config.runtimeDir(), limits, backend, events, clock);
        this.disk = new DiskGuard(config.disk(), config.protectedPaths(), events, clock);
        int removed = orphans.collect();
        if (removed > 0) events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_ORPHANS_REMOVED, "sandbox", "count", removed));
    }

    /**
     * The runtime dir holds the seccomp filter and the pid records gc acts on, so only the gateway may write it:
     * a directory someone else created (say, in a shared /tmp) is refused rather than trusted.
     */
    private static void checkRuntimeDir(Path dir) {
        try {
            Files.createDirectories(dir);
            var a = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            var me = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            var perms = a.permissions();
            if (!a.isDirectory() || !a.owner().equals(me) || perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE))
                throw new IllegalStateException("sandbox.runtimeDir " + dir + " must be a directory owned by " + me.getName()
                        + " and writable by nobody else (owner " + a.owner().getName() + ", mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")");
        } catch (IOException e) {
            throw new IllegalStateException("sandbox.runtimeDir " + dir + " cannot be created: " + e.getMessage(), e);
        }
    }

    private static Path installSeccomp(Path dir, List<Diagnostic> problems) {
        try {
            Path p = Seccomp.install(dir);
            if (p == null) problems.add(Diagnostic.warning("sandbox", "no seccomp filter for architecture " + System.getProperty("os.arch"),
                    "run on x86_64 or aarch64 for the system-call filter"));
            return p;
        } catch (IOException e) {
            problems.add(Diagnostic.warning("sandbox", "cannot write the seccomp filter into " + dir + ": " + e.getMessage(),
                    "make sandbox.runtimeDir writable for the gateway"));
            return null;
        }
    }

    /** Without its profile the engine's default would allow user namespaces (podman's does), so none is refused. */
    private static Path installContainerSeccomp(Path dir) {
        try {
            return ContainerSeccomp.install(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the container seccomp profile into sandbox.runtimeDir " + dir + ": " + e.getMessage(), e);
        }
    }

    public SandboxBackend backend() {
        return backend;
    }

    public SandboxConfig config() {
        return config;
    }

    public SandboxDiagnostics diagnostics() {
        List<Diagnostic> all = new ArrayList<>(problems);
        if (backend instanceof SandboxBackend.None n) {
            all.add(n.allowUnsandboxed()
                    ? Diagnostic.error("sandbox", "sandbox.allowUnsandboxed is true: agent commands run directly on the host with the gateway's rights",
                    "install bubblewrap (apt-get install bubblewrap) or a container engine, then remove sandbox.allowUnsandboxed")
                    : Diagnostic.error("sandbox", "no sandbox backend: exec, python and the process tool are refused",
                    "install bubblewrap (apt-get install bubblewrap) or make docker/podman reachable"));
        }
        return new SandboxDiagnostics(backend.name(), reason, limits.describe(), all);
    }

    /** Removes sandboxes and cgroups whose gateway is gone; returns how many were removed. */
    public int gc() {
        int n = orphans.collect();
        if (n > 0) events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_ORPHANS_REMOVED, "sandbox", "count", n));
        return n;
    }

    /** Runs a command to completion (or its wall-clock limit). */
    public ExecResult exec(ExecRequest request) throws SandboxUnavailableException, IOException, InterruptedException {
        Duration timeout = timeout(request);
        Execution e = start(request);
        try {
            ExecResult r = e.await(timeout);
            events.emit(Event.of(clock.instant(), r.timedOut() ? SandboxEvents.SANDBOX_TIMEOUT : SandboxEvents.SANDBOX_EXEC, "sandbox",
                    "backend", r.backend(), "program", request.argv().get(0), "exit", r.exitCode(),
                    "millis", r.duration().toMillis(), "stdoutTruncated", r.stdoutTruncated()));
            return r;
        } catch (InterruptedException ie) {
            e.kill();
            throw ie;
        }
    }

    /** Starts a command in the background; its wall-clock limit still applies. */
    public SandboxProcess startBackground(ExecRequest request) throws SandboxUnavailableException, IOException {
        Duration timeout = timeout(request);
        Execution e = start(request);
        Thread.ofVirtual().start(() -> {
            try {
                e.await(timeout);
            } catch (InterruptedException ignored) {
                e.kill();
            }
        });
        events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_EXEC, "sandbox", "backend", backend.name(),
                "program", request.argv().get(0), "background", true));
        return new SandboxProcess(e);
    }

    private Duration timeout(ExecRequest request) {
        Duration t = request.timeout() == null ? config.policy().timeout() : request.timeout();
        return t.compareTo(config.policy().maxTimeout()) > 0 ? config.policy().maxTimeout() : t;
    }

    private Execution start(ExecRequest request) throws SandboxUnavailableException, IOException {
        Path ws = request.workspace().toRealPath();
        if (!Files.isDirectory(ws)) throw new IOException("workspace is not a directory: " + ws);
        SandboxPolicy p = config.policy();
        String name = gatewayId + "-" + seq.incrementAndGet();
        Map<String, String> hostEnv = Map.of("PATH", "/usr/bin:/bin");
        Execution[] self = new Execution[1];
        if (!(backend instanceof SandboxBackend.None)) disk.admit(ws);
        Runnable done = () -> {
            disk.untrack(self[0]);
            running.remove(self[0]);
            orphans.forget(name);
        };
        Execution e;
        switch (backend) {
            case SandboxBackend.Bubblewrap b -> {
                BwrapCommand.Drop drop = Workspaces.gatewayIsRoot() ? Workspaces.dropFor(ws, p) : null;
                Limits.Group g = limits.create(name, p, seccomp, config.disk().maxFileBytes());
                try {
                    e = new Execution(g.wrap(BwrapCommand.argv(b.executable(), p, ws, request.argv(), drop, seccomp != null)), hostEnv, ws,
                            request.stdin(), p.maxOutputBytes(), g, null, done, clock, b.name());
                } catch (IOException ex) {
                    g.close();
                    throw ex;
                }
            }
            case SandboxBackend.Container c -> {
                // --user UID:GID writes to the bind mount as that uid (no user-namespace remapping assumed)
                if (Workspaces.gatewayIsRoot()) Workspaces.prepare(ws, p.uid(), p.gid());
                e = new Execution(ContainerCommand.run(c, p, name, gatewayId, ws.toString(), seccomp, request.argv()), hostEnv, ws,
                        request.stdin(), p.maxOutputBytes(), null, () -> Orphans.run(ContainerCommand.kill(c, name)), done, clock, c.name());
            }
            case SandboxBackend.None n -> {
                if (!n.allowUnsandboxed())
                    throw new SandboxUnavailableException("no sandbox backend is available (" + reason
                            + "); refusing to run commands on the host. Install bubblewrap or set sandbox.allowUnsandboxed: true");
                events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_UNSANDBOXED, "sandbox", "program", request.argv().get(0)));
                Map<String, String> env = new java.util.HashMap<>(p.env());
                env.put("HOME", ws.toString());
                e = new Execution(request.argv(), env, ws, request.stdin(), p.maxOutputBytes(), null, null, done, clock, n.name());
            }
        }
        self[0] = e;
        running.add(e);
        disk.track(e, ws);
        if (!e.isAlive()) disk.untrack(e); // finished before it was tracked
        orphans.record(name, e.pid());
        return e;
    }

    /**
     * Gives an empty root-owned workspace to the identity sandboxed commands run as, before the file tools first
     * write into it. Otherwise a {@code write} before the first {@code exec} left a root-owned, non-empty workspace
     * that every later exec refused (issue 11, item 10). A no-op unless the gateway is root.
     */
    public void adoptWorkspace(Path workspace) throws IOException {
        if (!Workspaces.gatewayIsRoot() || !Files.isDirectory(workspace)) return;
        SandboxPolicy p = config.policy();
        switch (backend) {
            case SandboxBackend.Bubblewrap b -> Workspaces.adoptIfEmpty(workspace.toRealPath(), p.hostUid(), p.hostGid());
            case SandboxBackend.Container c -> Workspaces.adoptIfEmpty(workspace.toRealPath(), p.uid(), p.gid());
            case SandboxBackend.None n -> { }
        }
    }

    /** Kills every running sandbox of this gateway. */
    @Override
    public void close() {
        disk.close();
        for (Execution e : List.copyOf(running)) {
            e.kill();
            try {
                e.finish();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
