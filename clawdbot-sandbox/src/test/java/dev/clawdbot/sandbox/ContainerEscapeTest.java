package dev.clawdbot.sandbox;

import dev.clawdbot.testkit.RecordingEvents;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The escape suite against docker or podman, in an image built from this host's Debian packages
 * ({@link TestContainerImage}). Runs only with {@code CLAWDBOT_CONTAINER_TESTS=1}, and then fails rather than skips
 * when no engine answers or the engine cannot run that image; without it every case is skipped with the reason.
 */
class ContainerEscapeTest extends EscapeSuite {
    private static final String OPT_IN = "CLAWDBOT_CONTAINER_TESTS";
    private TestContainerImage.Outcome image;

    @Override
    Sandbox create(Path runtimeDir, List<Path> protectedPaths) {
        Sandbox sandbox = null;
        if (!"1".equals(System.getenv(OPT_IN))) {
            image = new TestContainerImage.Outcome(null, "set " + OPT_IN + "=1 to run it against docker or podman "
                    + "(docs/sandbox.md, \"Container backend in CI\", lists what fails there today)");
            return new Sandbox(TestSandboxes.config(runtimeDir, "none", false, protectedPaths), new RecordingEvents(), Clock.systemUTC());
        }
        // the first engine that answers: a docker client without a daemon must not hide a working podman
        for (String engine : List.of("docker", "podman")) {
            sandbox = new Sandbox(TestSandboxes.config(runtimeDir, engine, false, protectedPaths), new RecordingEvents(), Clock.systemUTC());
            if (sandbox.backend() instanceof SandboxBackend.Container c) {
                sandbox.close();
                image = TestContainerImage.ensure(c.executable());
                String ref = image.image() == null ? TestContainerImage.IMAGE : image.image();
                SandboxConfig config = new SandboxConfig(engine, false, null, TestSandboxes.tightPolicy(), runtimeDir, protectedPaths, null, ref, null, null);
                return new Sandbox(config, new RecordingEvents(), Clock.systemUTC());
            }
        }
        image = new TestContainerImage.Outcome(null, "neither docker nor podman answers here: " + sandbox.diagnostics());
        return sandbox;
    }

    /** Replaces the suite's check, so that an opted-in run fails instead of skipping when it cannot run. */
    @BeforeEach
    @Override
    void requireBackend() {
        if (image.image() == null && "1".equals(System.getenv(OPT_IN)))
            fail(OPT_IN + "=1 but the container escape suite cannot run: " + image.problem());
        assumeTrue(image.image() != null, () -> "container escape suite skipped: " + image.problem());
        super.requireBackend();
    }

    @Override
    Class<? extends SandboxBackend> expectedBackend() {
        return SandboxBackend.Container.class;
    }
}
