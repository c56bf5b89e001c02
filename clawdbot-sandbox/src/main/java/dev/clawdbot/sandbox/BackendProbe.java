package dev.clawdbot.sandbox;

import dev.clawdbot.core.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Picks the backend the config asks for, proving each candidate works by running {@code true} in it. */
final class BackendProbe {
    private final SandboxConfig config;
    private final List<Diagnostic> problems;
    private String reason;

    BackendProbe(SandboxConfig config, List<Diagnostic> problems) {
        this.config = config;
        this.problems = problems;
    }

    String reason() {
        return reason;
    }

    SandboxBackend choose() {
        String want = config.backend();
        if (want.equals("none")) {
            reason = "sandbox.backend is 'none'";
            return new SandboxBackend.None(config.allowUnsandboxed());
        }
        if (want.equals("auto") || want.equals("bubblewrap")) {
            String why = probeBwrap();
            if (why == null) {
                reason = want.equals("auto") ? "bubblewrap works here (chosen first by sandbox.backend: auto)" : "sandbox.backend is 'bubblewrap'";
                return new SandboxBackend.Bubblewrap(config.bwrapPath());
            }
            problems.add(new Diagnostic(want.equals("auto") ? Diagnostic.Severity.WARNING : Diagnostic.Severity.ERROR, "sandbox", "bubblewrap unusable: " + why,
                    "apt-get install bubblewrap; if it is installed, allow user namespaces (sysctl kernel.unprivileged_userns_clone=1, "
                            + "kernel.apparmor_restrict_unprivileged_userns=0) or run the gateway as root"));
        }
        for (String engine : List.of("docker", "podman")) {
            if (!want.equals("auto") && !want.equals(engine)) continue;
            Path exe = which(engine);
            String why = exe == null ? engine + " not found on PATH" : probeEngine(exe);
            if (why == null) {
                reason = engine + " engine answers" + (want.equals("auto") ? " (bubblewrap unusable)" : "");
                return new SandboxBackend.Container(engine, exe, config.containerImage());
            }
            if (want.equals(engine))
                problems.add(Diagnostic.error("sandbox", engine + " unusable: " + why, "start the " + engine + " engine or choose another sandbox.backend"));
        }
        reason = "no backend works (sandbox.backend: " + want + ")";
        return new SandboxBackend.None(config.allowUnsandboxed());
    }

    private String probeBwrap() {
        Path bwrap = config.bwrapPath();
        if (!Files.isExecutable(bwrap)) return bwrap + " is not an executable file";
        Path ws = null;
        try {
            ws = Files.createTempDirectory("clawdbot-probe");
            boolean root = Workspaces.gatewayIsRoot();
            if (root) {
                if (!Files.isExecutable(Path.of(BwrapCommand.SETPRIV)))
                    return "the gateway runs as root and " + BwrapCommand.SETPRIV + " (util-linux) is missing to drop to sandbox.policy.hostUid";
                if (!Files.isExecutable(Path.of(BwrapCommand.UNSHARE)))
                    return "the gateway runs as root and " + BwrapCommand.UNSHARE + " (util-linux) is missing to show the workspace to sandbox.policy.hostUid";
                Workspaces.prepare(ws, config.policy().hostUid(), config.policy().hostGid());
            }
            BwrapCommand.Drop drop = root ? new BwrapCommand.Drop(config.policy().hostUid(), config.policy().hostGid()) : null;
            List<String> argv = BwrapCommand.argv(bwrap, config.policy(), ws, List.of("/bin/sh", "-c", "exit 0"), drop);
            Result r = run(argv, 10);
            return r.exit == 0 ? null : "a probe sandbox failed (exit " + r.exit + "): " + r.output.strip();
        } catch (IOException e) {
            return "cannot run " + bwrap + ": " + e.getMessage();
        } finally {
            if (ws != null) {
                try {
                    Files.deleteIfExists(ws);
                } catch (IOException ignored) {
                    // a leftover empty temp dir is harmless
                }
            }
        }
    }

    private static String probeEngine(Path exe) {
        try {
            Result r = run(List.of(exe.toString(), "version", "--format", "{{.Server.Version}}"), 5);
            return r.exit == 0 ? null : "the engine does not answer: " + r.output.strip();
        } catch (IOException e) {
            return "cannot run " + exe + ": " + e.getMessage();
        }
    }

    static Path which(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(":")).filter(s -> !s.isEmpty()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).findFirst().orElse(null);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> argv, int seconds) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "no answer within " + seconds + " s");
            }
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
