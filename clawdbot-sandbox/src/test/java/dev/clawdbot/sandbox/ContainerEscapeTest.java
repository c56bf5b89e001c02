package dev.clawdbot.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The escape suite against docker or podman; skipped when no engine answers here. */
class ContainerEscapeTest extends EscapeSuite {
    @Override
    Sandbox create(Path runtimeDir, List<Path> protectedPaths) {
        String engine = BackendProbe.which("docker") != null ? "docker" : "podman";
        return new Sandbox(TestSandboxes.config(runtimeDir, engine, false, protectedPaths), new TestSandboxes.RecordingSink(), Clock.systemUTC());
    }

    @Override
    Class<? extends SandboxBackend> expectedBackend() {
        return SandboxBackend.Container.class;
    }
}
