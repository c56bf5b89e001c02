package dev.clawdbot.sandbox;

import dev.clawdbot.core.events.EventSink;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Sandboxes with tight limits so the escape cases finish fast. */
final class TestSandboxes {
    static final long MEMORY = 96L << 20;
    static final int PIDS = 24;
    static final int OUTPUT = 64 * 1024;

    private TestSandboxes() {
    }

    static SandboxPolicy tightPolicy() {
        return new SandboxPolicy(null, 4L << 20, MEMORY, PIDS, 1.0, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(60), OUTPUT, null, null, null, null, null);
    }

    static SandboxConfig config(Path runtimeDir, String backend, boolean allowUnsandboxed, List<Path> protectedPaths) {
        return new SandboxConfig(backend, allowUnsandboxed, null, tightPolicy(), runtimeDir, protectedPaths, null, null, null, null);
    }

    static Sandbox bubblewrap(Path runtimeDir, EventSink sink) {
        return new Sandbox(config(runtimeDir, "bubblewrap", false, List.of()), sink, Clock.systemUTC());
    }
}
