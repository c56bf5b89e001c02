package dev.clawdbot.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The escape suite against bubblewrap, with cgroup limits when the host allows them. */
class BubblewrapEscapeTest extends EscapeSuite {
    @Override
    Sandbox create(Path runtimeDir, List<Path> protectedPaths) {
        return new Sandbox(TestSandboxes.config(runtimeDir, "bubblewrap", false, protectedPaths), new TestSandboxes.RecordingSink(), Clock.systemUTC());
    }

    @Override
    Class<? extends SandboxBackend> expectedBackend() {
        return SandboxBackend.Bubblewrap.class;
    }

    @Test
    void pidOneIsTheSandboxInit() throws Exception {
        exactly(sh("tr '\\0' ' ' < /proc/1/cmdline | cut -d' ' -f1 | xargs basename"), 0, "bwrap");
    }

    @Test
    void cgroupNamespaceHidesTheHostHierarchy() throws Exception {
        exactly(sh("cut -d: -f3 /proc/self/cgroup | sort -u"), 0, "/");
    }
}
