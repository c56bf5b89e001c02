package dev.clawdbot.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code sandbox:} section of {@code clawdbot.yaml}.
 *
 * @param backend          {@code auto} (bubblewrap, then docker, then podman), {@code bubblewrap}, {@code docker},
 *                         {@code podman} or {@code none}
 * @param allowUnsandboxed run commands directly on the host when no backend is available; off unless set explicitly,
 *                         and {@code doctor} flags it
 * @param limits           {@code auto} (cgroup when writable, else rlimits), {@code cgroup} (required) or {@code rlimit}
 * @param policy           what the sandbox sees and may use
 * @param runtimeDir       where running sandboxes are recorded, so a restarted gateway can remove orphans
 * @param protectedPaths   host paths (config dir, data dir, database) that {@code policy.readOnlyPaths} may never overlap
 * @param bwrapPath        the bubblewrap binary
 * @param containerImage   image for the docker/podman backend
 * @param elevated         host commands allowlisted per caller
 * @param web              {@code web_fetch} and {@code web_search}
 * @param disk             file size cap and the free-space reserve sandboxed commands may not take
 */
public record SandboxConfig(String backend, Boolean allowUnsandboxed, String limits, SandboxPolicy policy, Path runtimeDir,
                            List<Path> protectedPaths, Path bwrapPath, String containerImage, ElevatedPolicy elevated,
                            WebConfig web, DiskConfig disk) {

    private static final List<String> BACKENDS = List.of("auto", "bubblewrap", "docker", "podman", "none");
    private static final List<String> LIMITS = List.of("auto", "cgroup", "rlimit");

    public SandboxConfig {
        backend = backend == null ? "auto" : backend.toLowerCase(Locale.ROOT);
        if (!BACKENDS.contains(backend))
            throw new IllegalArgumentException("sandbox.backend must be one of " + BACKENDS + ", was '" + backend + "'");
        allowUnsandboxed = allowUnsandboxed != null && allowUnsandboxed;
        limits = limits == null ? "auto" : limits.toLowerCase(Locale.ROOT);
        if (!LIMITS.contains(limits))
            throw new IllegalArgumentException("sandbox.limits must be one of " + LIMITS + ", was '" + limits + "'");
        policy = policy == null ? SandboxPolicy.defaults() : policy;
        runtimeDir = runtimeDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "clawdbot-sandbox") : runtimeDir;
        protectedPaths = protectedPaths == null ? List.of() : List.copyOf(protectedPaths);
        bwrapPath = bwrapPath == null ? Path.of("/usr/bin/bwrap") : bwrapPath;
        containerImage = containerImage == null ? "docker.io/library/python:3.12-slim" : containerImage;
        if (containerImage.isBlank() || containerImage.startsWith("-"))
            throw new IllegalArgumentException("sandbox.containerImage must be an image reference, was '" + containerImage + "'");
        elevated = elevated == null ? ElevatedPolicy.none() : elevated;
        web = web == null ? WebConfig.defaults() : web;
        disk = disk == null ? DiskConfig.defaults() : disk;
        policy.checkProtected(protectedPaths);
    }

    public SandboxConfig(String backend, Boolean allowUnsandboxed, String limits, SandboxPolicy policy, Path runtimeDir,
                         List<Path> protectedPaths, Path bwrapPath, String containerImage, ElevatedPolicy elevated, WebConfig web) {
        this(backend, allowUnsandboxed, limits, policy, runtimeDir, protectedPaths, bwrapPath, containerImage, elevated, web, null);
    }

    public static SandboxConfig defaults() {
        return new SandboxConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    public SandboxConfig withDisk(DiskConfig d) {
        return new SandboxConfig(backend, allowUnsandboxed, limits, policy, runtimeDir, protectedPaths, bwrapPath, containerImage, elevated, web, d);
    }

    public SandboxConfig withPolicy(SandboxPolicy p) {
        return new SandboxConfig(backend, allowUnsandboxed, limits, p, runtimeDir, protectedPaths, bwrapPath, containerImage, elevated, web, disk);
    }

    public SandboxConfig withBackend(String b) {
        return new SandboxConfig(b, allowUnsandboxed, limits, policy, runtimeDir, protectedPaths, bwrapPath, containerImage, elevated, web, disk);
    }

    public SandboxConfig withRuntimeDir(Path dir) {
        return new SandboxConfig(backend, allowUnsandboxed, limits, policy, dir, protectedPaths, bwrapPath, containerImage, elevated, web, disk);
    }
}
