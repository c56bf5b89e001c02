package dev.clawdbot.sandbox.cli;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxBackend;
import dev.clawdbot.sandbox.SandboxConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SandboxCommandTest {
    @TempDir
    Path tmp;
    Path ws;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        ws = Files.createDirectories(tmp.resolve("ws"));
        out = new StringWriter();
        err = new StringWriter();
    }

    int run(Supplier<Sandbox> s, String... args) {
        return run(s, Map.of(), args);
    }

    int run(Supplier<Sandbox> s, Map<String, Path> workspaces, String... args) {
        SandboxCommand cmd = new SandboxCommand(s, () -> workspaces);
        CommandLine cl = new CommandLine(cmd, cmd.factory());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    Supplier<Sandbox> config(String backend) {
        return () -> new Sandbox(SandboxConfig.defaults().withRuntimeDir(tmp.resolve("run")).withBackend(backend), EventSink.NONE, Clock.systemUTC());
    }

    void assumeBwrap() {
        try (Sandbox s = config("bubblewrap").get()) {
            assumeTrue(s.backend() instanceof SandboxBackend.Bubblewrap, () -> "bubblewrap unavailable: " + s.diagnostics());
        }
    }

    @Test
    void execRunsTheCommandWithTheWorkspace() throws Exception {
        assumeBwrap();
        int rc = run(config("bubblewrap"), "exec", "--workspace", ws.toString(), "--", "/bin/sh", "-c", "pwd; echo hi > f; id -u");
        assertThat(out.toString()).isEqualTo("/workspace\n65534\n");
        assertThat(rc).isZero();
        assertThat(Files.readString(ws.resolve("f"))).isEqualTo("hi\n");
    }

    @Test
    void execReportsFailureAndTimeout() {
        assumeBwrap();
        assertThat(run(config("bubblewrap"), "exec", "--workspace", ws.toString(), "--", "/bin/sh", "-c", "exit 4")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("sandbox exec: exit code 4\n");
        assertThat(run(config("bubblewrap"), "exec", "--workspace", ws.toString(), "--timeout", "0.3", "--", "/bin/sleep", "5")).isEqualTo(1);
        assertThat(err.toString()).contains("sandbox exec: timed out after");
    }

    @Test
    void usageErrors() {
        assertThat(run(config("none"), "exec", "--workspace", tmp.resolve("missing").toString(), "--", "true")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sandbox exec: --workspace " + tmp.resolve("missing") + " is not a directory\n");
        assertThat(run(config("none"), "exec")).isEqualTo(2);
        assertThat(run(config("none"))).isEqualTo(2);
    }

    @Test
    void execWithoutBackendIsRefused() {
        assertThat(run(config("none"), "exec", "--workspace", ws.toString(), "--", "/bin/true")).isEqualTo(1);
        assertThat(err.toString()).startsWith("sandbox exec: no sandbox backend is available (sandbox.backend is 'none')");
    }

    @Test
    void configErrorsExitWithTwo() {
        assertThat(run(() -> {
            throw new IllegalArgumentException("sandbox.backend must be one of [auto], was 'x'");
        }, "gc")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sandbox: configuration error: sandbox.backend must be one of [auto], was 'x'\n");
    }

    @Test
    void checkPrintsDiagnostics() {
        assumeBwrap();
        assertThat(run(config("bubblewrap"), "check")).isZero();
        assertThat(out.toString()).startsWith("backend: bubblewrap\nreason:  sandbox.backend is 'bubblewrap'\nlimits:  ");
        out.getBuffer().setLength(0);
        assertThat(run(config("none"), "check")).isEqualTo(1);
        assertThat(out.toString()).contains("error: no sandbox backend: exec, python and the process tool are refused\n  fix: install bubblewrap");
    }

    /** Issue 11 item 10: check runs a real command in each agent's own workspace, and says precisely what failed. */
    @Test
    void checkRunsARealCommandInEachAgentsWorkspace() throws Exception {
        assumeBwrap();
        assumeTrue(isRoot(), "the failing case needs a root gateway (it refuses a root-owned non-empty workspace)");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Path good = data.resolve("agents/dakota/workspace");
        assertThat(run(config("bubblewrap"), Map.of("dakota", good), "check")).as(out.toString()).isZero();
        assertThat(out.toString()).contains("workspace dakota: ok (a sandboxed command wrote and read files in " + good + ")\nno problems found\n");
        assertThat(good).isEmptyDirectory();

        out.getBuffer().setLength(0);
        Path bad = Files.createDirectories(data.resolve("agents/ops/workspace"));
        Files.writeString(bad.resolve("root-file"), "x");
        assertThat(run(config("bubblewrap"), Map.of("ops", bad), "check")).isEqualTo(1);
        assertThat(out.toString()).contains("error: workspace ops (" + bad + "): IOException: workspace " + bad
                + " is owned by root and not empty").doesNotContain("no problems found");
    }

    static boolean isRoot() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    }

    @Test
    void gcReportsCount() {
        assertThat(run(config("none"), "gc")).isZero();
        assertThat(out.toString()).isEqualTo("removed 0 orphaned sandbox resource(s)\n");
    }
}
