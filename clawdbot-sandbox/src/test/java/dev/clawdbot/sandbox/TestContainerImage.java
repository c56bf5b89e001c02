package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The escape suite's container image: {@code packaging/container/sandbox-image} builds it from this host's Debian
 * packages (no registry is reachable in CI), once per host; then one {@code run} proves the engine can start it.
 */
final class TestContainerImage {
    static final String IMAGE = "localhost/clawdbot-sandbox-test:latest";
    private static final String SCRIPT = "packaging/container/sandbox-image";

    /** The image to use, or null with the reason the suite cannot run. */
    record Outcome(String image, String problem) {
    }

    private TestContainerImage() {
    }

    static Outcome ensure(Path engine) {
        try {
            if (run(List.of(engine.toString(), "image", "inspect", "--format", "{{.Id}}", IMAGE), 60).exit != 0) {
                Path script = script();
                if (script == null) return new Outcome(null, SCRIPT + " not found above " + Path.of("").toAbsolutePath());
                // 5 s on an idle 2-core machine; generous for a loaded one
                Result built = run(List.of("bash", script.toString(), IMAGE, engine.toString()), 300);
                if (built.exit != 0) return new Outcome(null, SCRIPT + " failed (exit " + built.exit + "): " + built.output);
            }
            Result r = run(List.of(engine.toString(), "run", "--rm", "--network", "none", "--read-only",
                    // as the backend passes them: podman's rootful default (1048576) fails where the hard limit is lower
                    "--ulimit", "nofile=" + ContainerCommand.NOFILE + ":" + ContainerCommand.NOFILE,
                    "--ulimit", "nproc=" + ContainerCommand.NPROC + ":" + ContainerCommand.NPROC,
                    IMAGE, "/bin/sh", "-c", "exit 0"), 120);
            return r.exit == 0 ? new Outcome(IMAGE, null)
                    : new Outcome(null, engine + " cannot run " + IMAGE + " (exit " + r.exit + "): " + r.output
                    + " (configure the engine as docs/sandbox.md#podman-in-ci shows)");
        } catch (IOException e) {
            return new Outcome(null, "cannot run " + engine + ": " + e.getMessage());
        }
    }

    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(SCRIPT))) return d.resolve(SCRIPT);
        }
        return null;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> argv, int seconds) throws IOException {
        Path log = Files.createTempFile("clawdbot-image", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // the environment the sandbox gives the engine, so this proves what the suite will meet
            pb.environment().keySet().retainAll(List.of("PATH"));
            Process p = pb.start();
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly().waitFor();
            String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip();
            return done ? new Result(p.exitValue(), out) : new Result(-1, "no answer within " + seconds + " s: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
