package dev.clawdbot.sandbox.cli;

import dev.clawdbot.core.Diagnostic;
import dev.clawdbot.sandbox.ExecRequest;
import dev.clawdbot.sandbox.ExecResult;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxDiagnostics;
import dev.clawdbot.sandbox.SandboxUnavailableException;
import dev.clawdbot.sandbox.tools.WorkspaceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code clawdbot sandbox exec|gc|check}. Exit codes: 0 ok, 1 failure (the command failed, or problems found),
 * 2 usage or configuration error.
 */
@Command(name = "sandbox", description = "Run commands in the sandbox, remove orphans, check the setup.",
        mixinStandardHelpOptions = true, subcommands = {SandboxCommand.Exec.class, SandboxCommand.Gc.class, SandboxCommand.Check.class})
public final class SandboxCommand implements Callable<Integer> {
    private final Supplier<Sandbox> sandbox;
    private final Supplier<Map<String, Path>> workspaces;

    @Spec
    CommandSpec spec;

    public SandboxCommand(Supplier<Sandbox> sandbox) {
        this(sandbox, Map::of);
    }

    /** @param workspaces each agent's workspace, where {@code check} runs a real command */
    public SandboxCommand(Supplier<Sandbox> sandbox, Supplier<Map<String, Path>> workspaces) {
        this.sandbox = sandbox;
        this.workspaces = workspaces;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** A picocli factory that builds the subcommands with this command's sandbox supplier. */
    public picocli.CommandLine.IFactory factory() {
        return new picocli.CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == Exec.class) return cls.cast(new Exec(sandbox));
                if (cls == Gc.class) return cls.cast(new Gc(sandbox));
                if (cls == Check.class) return cls.cast(new Check(sandbox, workspaces));
                return picocli.CommandLine.defaultFactory().create(cls);
            }
        };
    }

    private static Sandbox open(Supplier<Sandbox> s, PrintWriter err) {
        try {
            return s.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("sandbox: configuration error: " + e.getMessage());
            return null;
        }
    }

    @Command(name = "exec", description = "Run CMD under the default policy with DIR at /workspace.")
    static final class Exec implements Callable<Integer> {
        private final Supplier<Sandbox> sandbox;

        @Spec
        CommandSpec spec;

        @Option(names = "--workspace", paramLabel = "DIR", description = "host directory mounted at /workspace (default: the current directory)")
        Path workspace;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "wall-clock limit (default: sandbox.policy.timeout)")
        Double timeout;

        @Parameters(arity = "1..*", paramLabel = "CMD", description = "program and arguments (put them after --)")
        List<String> command;

        Exec(Supplier<Sandbox> sandbox) {
            this.sandbox = sandbox;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path ws = workspace == null ? Path.of("").toAbsolutePath() : workspace;
            if (!Files.isDirectory(ws)) {
                err.println("sandbox exec: --workspace " + ws + " is not a directory");
                return 2;
            }
            if (timeout != null && timeout <= 0) {
                err.println("sandbox exec: --timeout must be positive, was " + timeout);
                return 2;
            }
            try (Sandbox s = open(sandbox, err)) {
                if (s == null) return 2;
                ExecResult r = s.exec(new ExecRequest(command, null, timeout == null ? null : Duration.ofMillis((long) (timeout * 1000)), ws));
                out.print(r.stdout());
                err.print(r.stderr());
                if (r.timedOut()) err.println("sandbox exec: timed out after " + r.duration().toMillis() + " ms; the process tree was killed");
                else if (r.exitCode() != 0) err.println("sandbox exec: exit code " + r.exitCode());
                out.flush();
                err.flush();
                return r.ok() ? 0 : 1;
            } catch (SandboxUnavailableException e) {
                err.println("sandbox exec: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "gc", description = "Remove sandboxes, cgroups and containers left behind by a gateway that is gone.")
    static final class Gc implements Callable<Integer> {
        private final Supplier<Sandbox> sandbox;

        @Spec
        CommandSpec spec;

        Gc(Supplier<Sandbox> sandbox) {
            this.sandbox = sandbox;
        }

        @Override
        public Integer call() {
            // Constructing the sandbox already collects orphans; gc() catches any a concurrent crash left since.
            try (Sandbox s = open(sandbox, spec.commandLine().getErr())) {
                if (s == null) return 2;
                int n = s.gc();
                spec.commandLine().getOut().println("removed " + n + " orphaned sandbox resource(s)");
                return 0;
            }
        }
    }

    @Command(name = "check", description = "Show the active backend, why, the limit mechanism and any problems with fixes.")
    static final class Check implements Callable<Integer> {
        private final Supplier<Sandbox> sandbox;
        private final Supplier<Map<String, Path>> workspaces;

        @Spec
        CommandSpec spec;

        Check(Supplier<Sandbox> sandbox, Supplier<Map<String, Path>> workspaces) {
            this.sandbox = sandbox;
            this.workspaces = workspaces;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Sandbox s = open(sandbox, spec.commandLine().getErr())) {
                if (s == null) return 2;
                SandboxDiagnostics d = s.diagnostics();
                out.println("backend: " + d.backend());
                out.println("reason:  " + d.reason());
                out.println("limits:  " + d.limits());
                for (Diagnostic p : d.problems()) {
                    out.println(p.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + p.detail());
                    out.println("  fix: " + p.fix());
                }
                boolean workspacesOk = true;
                for (var w : workspaces.get().entrySet()) {
                    String problem = WorkspaceCheck.run(s, w.getValue());
                    if (problem == null) {
                        out.println("workspace " + w.getKey() + ": ok (a sandboxed command wrote and read files in " + w.getValue() + ")");
                    } else {
                        workspacesOk = false;
                        out.println("error: workspace " + w.getKey() + " (" + w.getValue() + "): " + problem);
                        out.println("  fix: see docs/sandbox.md, \"The agent's workspace\"");
                    }
                }
                if (d.problems().isEmpty() && workspacesOk) out.println("no problems found");
                return d.healthy() && workspacesOk ? 0 : 1;
            }
        }
    }
}
