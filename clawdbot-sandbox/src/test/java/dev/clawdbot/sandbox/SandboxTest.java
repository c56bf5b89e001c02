package dev.clawdbot.sandbox;

import dev.clawdbot.core.Diagnostic;
import dev.clawdbot.sandbox.tools.SandboxTools;
import dev.clawdbot.testkit.RecordingEvents;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The facade: backend choice, refusal without a backend, tools, background processes, diagnostics, orphans. */
class SandboxTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path workspace() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        return Files.createDirectories(tmp.resolve("ws"));
    }

    Sandbox bwrap() {
        Sandbox s = TestSandboxes.bubblewrap(tmp.resolve("run"), new RecordingEvents());
        assumeTrue(s.backend() instanceof SandboxBackend.Bubblewrap, () -> "bubblewrap unavailable: " + s.diagnostics());
        return s;
    }

    static Tool tool(List<Tool> tools, String name) {
        return tools.stream().filter(t -> t.spec().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withoutBackendCommandsAreRefused() throws Exception {
        var sink = new RecordingEvents();
        try (Sandbox s = new Sandbox(TestSandboxes.config(tmp.resolve("run"), "none", false, List.of()), sink, Clock.systemUTC())) {
            assertThat(s.backend()).isEqualTo(new SandboxBackend.None(false));
            assertThatThrownBy(() -> s.exec(ExecRequest.of(workspace(), "/bin/true")))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessage("no sandbox backend is available (sandbox.backend is 'none'); refusing to run commands on the host. "
                            + "Install bubblewrap or set sandbox.allowUnsandboxed: true");
            ToolContext ctx = new ToolContext("a", "s", new Caller("t", "1", null), workspace(), Duration.ofMinutes(1));
            ToolResult r = tool(SandboxTools.create(s, sink, Clock.systemUTC()), "exec").invoke(JSON.createObjectNode().put("command", "id"), ctx);
            assertThat(r.isError()).isTrue();
            assertThat(r.content()).startsWith("exec: no sandbox backend is available");
            SandboxDiagnostics d = s.diagnostics();
            assertThat(d.healthy()).isFalse();
            assertThat(d.problems()).extracting(Diagnostic::detail).contains("no sandbox backend: exec, python and the process tool are refused");
        }
    }

    @Test
    void allowUnsandboxedRunsOnTheHostAndIsFlagged() throws Exception {
        var sink = new RecordingEvents();
        try (Sandbox s = new Sandbox(TestSandboxes.config(tmp.resolve("run"), "none", true, List.of()), sink, Clock.systemUTC())) {
            ExecResult r = s.exec(ExecRequest.shell(workspace(), null, "echo $HOME; env | wc -l"));
            assertThat(r.stdout()).isEqualTo(workspace().toRealPath() + "\n6\n");
            assertThat(sink.types()).contains("sandbox.unsandboxed");
            assertThat(s.diagnostics().problems()).extracting(Diagnostic::severity).contains(Diagnostic.Severity.ERROR);
            assertThat(s.diagnostics().problems().getLast().detail()).startsWith("sandbox.allowUnsandboxed is true");
        }
    }

    @Test
    void aRuntimeDirOthersCanWriteIsRefused() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new Sandbox(TestSandboxes.config(shared, "none", false, List.of()), new RecordingEvents(), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sandbox.runtimeDir " + shared + " must be a directory owned by ")
                .hasMessageEndingWith(", mode rwxrwxrwx)");
    }

    @Test
    void unsandboxedTimeoutKillsChildrenToo() throws Exception {
        try (Sandbox s = new Sandbox(TestSandboxes.config(tmp.resolve("run"), "none", true, List.of()), new RecordingEvents(), Clock.systemUTC())) {
            ExecResult r = s.exec(ExecRequest.shell(workspace(), Duration.ofMillis(500), "sleep 37.1234 & sleep 37.1235; wait"));
            assertThat(r.timedOut()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> EscapeSuite.hostProcessesWith("37.123").isEmpty());
        }
    }

    @Test
    void aWorkspaceOwnedByAPersonIsNotTakenOver() throws Exception {
        try (Sandbox s = bwrap()) {
            assumeTrue(Workspaces.gatewayIsRoot(), "only a root gateway changes identity");
            Path ws = workspace();
            Files.setAttribute(ws, "unix:uid", 4242);
            Files.setAttribute(ws, "unix:gid", 4243);
            ExecResult r = s.exec(ExecRequest.shell(ws, null, "touch /workspace/made && id -u"));
            assertThat(r.stdout()).isEqualTo("65534\n");
            assertThat(Files.getAttribute(ws.resolve("made"), "unix:uid")).isEqualTo(4242);
            assertThat(Files.getAttribute(ws, "unix:uid")).isEqualTo(4242);
        }
    }

    /** Issue 11 item 10: the default workspace lies under the 0700 data dir, which the sandbox uid cannot traverse. */
    @Test
    void aWorkspaceUnderAPrivateRootOnlyDirectoryWorksAndStaysPrivate() throws Exception {
        try (Sandbox s = bwrap()) {
            assumeTrue(Workspaces.gatewayIsRoot(), "only a root gateway changes identity");
            Path data = Files.createDirectories(tmp.resolve("data"));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            Path ws = Files.createDirectories(data.resolve("agents/dakota/workspace"));
            ExecResult r = s.exec(ExecRequest.shell(ws, null, "mkdir -p sub && echo y > sub/made.txt && cat sub/made.txt && id -u"));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo("y\n65534\n");
            assertThat(Files.readString(ws.resolve("sub/made.txt"))).isEqualTo("y\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            // The bind lives only in the launcher's private mount namespace.
            assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(BwrapCommand.WS_MOUNT));
        }
    }

    @Test
    void anEmptyRootOwnedWorkspaceIsGivenToTheSandboxUid() throws Exception {
        try (Sandbox s = bwrap()) {
            assumeTrue(Workspaces.gatewayIsRoot(), "only a root gateway changes identity");
            Path ws = workspace();
            ExecResult r = s.exec(ExecRequest.shell(ws, null, "echo y > /workspace/made.txt && id -u"));
            assertThat(r.stdout()).isEqualTo("65534\n");
            assertThat(Files.readString(ws.resolve("made.txt"))).isEqualTo("y\n");
            assertThat(Files.getAttribute(ws, "unix:uid")).isEqualTo(65534);
        }
    }

    @Test
    void aRootOwnedWorkspaceThatHoldsFilesIsRefusedAndKeepsItsOwner() throws Exception {
        try (Sandbox s = bwrap()) {
            assumeTrue(Workspaces.gatewayIsRoot(), "only a root gateway changes identity");
            Path ws = workspace();
            Files.writeString(ws.resolve("existing.txt"), "x");
            assertThatThrownBy(() -> s.exec(ExecRequest.shell(ws, null, "echo y >> /workspace/existing.txt")))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("owned by root and not empty");
            assertThat(Files.getAttribute(ws, "unix:uid")).isEqualTo(0);
            assertThat(Files.getAttribute(ws.resolve("existing.txt"), "unix:uid")).isEqualTo(0);
            assertThat(Files.readString(ws.resolve("existing.txt"))).isEqualTo("x");
        }
    }

    @Test
    void diagnosticsNameBackendAndLimits() {
        try (Sandbox s = bwrap()) {
            SandboxDiagnostics d = s.diagnostics();
            assertThat(d.backend()).isEqualTo("bubblewrap");
            assertThat(d.reason()).isEqualTo("sandbox.backend is 'bubblewrap'");
            assertThat(d.limits()).startsWith("cgroup v1 (memory, pids, cpu)");
            assertThat(d.healthy()).isTrue();
        }
    }

    /**
     * Issue 11 item 10 end to end, as root with the README's layout: the workspace under a 0700 data dir, the
     * model writes first (so the workspace is not empty when exec first runs), then exec, python and grep work and
     * sandboxed commands write into the directories the write tool created.
     */
    @Test
    void writeThenExecPythonAndGrepWorkInAWorkspaceUnderThePrivateDataDir() throws Exception {
        try (Sandbox s = bwrap()) {
            assumeTrue(Workspaces.gatewayIsRoot(), "the README's defaults as root");
            Path data = Files.createDirectories(tmp.resolve("data"));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            Path ws = Files.createDirectories(data.resolve("agents/dakota/workspace"));
            Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwx------"));
            ToolContext ctx = new ToolContext("dakota", "s1", new Caller("t", "1", null), ws, Duration.ofMinutes(1));
            List<Tool> tools = SandboxTools.create(s, new RecordingEvents(), Clock.systemUTC());
            assertThat(tool(tools, "write").invoke(JSON.createObjectNode().put("path", "src/app/main.py")
                    .put("content", "open('src/app/out.txt', 'w').write('from python')\n"), ctx).isError()).isFalse();
            ToolResult py = tool(tools, "exec").invoke(JSON.createObjectNode().put("command", "python3 src/app/main.py && touch src/app/made-by-exec"), ctx);
            assertThat(py.content()).isEqualTo("exit code: 0\n");
            ToolResult inline = tool(tools, "python").invoke(JSON.createObjectNode().put("code", "print(open('src/app/out.txt').read())"), ctx);
            assertThat(inline.content()).isEqualTo("exit code: 0\n--- stdout ---\nfrom python\n");
            assertThat(tool(tools, "grep").invoke(JSON.createObjectNode().put("pattern", "from p.thon"), ctx).content())
                    .contains("src/app/out.txt:1: from python");
            assertThat(Files.getAttribute(ws.resolve("src/app"), "unix:uid")).isEqualTo(65534);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        }
    }

    @Test
    void execToolRunsInTheSandbox() throws Exception {
        try (Sandbox s = bwrap()) {
            ToolContext ctx = new ToolContext("a", "s1", new Caller("t", "1", null), workspace(), Duration.ofMinutes(1));
            List<Tool> tools = SandboxTools.create(s, new RecordingEvents(), Clock.systemUTC());
            ToolResult r = tool(tools, "exec").invoke(JSON.createObjectNode().put("command", "id -u; echo oops >&2; exit 3"), ctx);
            assertThat(r.content()).isEqualTo("exit code: 3\n--- stdout ---\n65534\n--- stderr ---\noops\n");
            assertThat(r.isError()).isTrue();
            assertThat(r.untrusted()).isTrue();
            ToolResult py = tool(tools, "python").invoke(JSON.createObjectNode().put("code", "import os\nprint(os.getcwd(), 6 * 7)"), ctx);
            assertThat(py.content()).isEqualTo("exit code: 0\n--- stdout ---\n/workspace 42\n");
            ToolResult slow = tool(tools, "exec").invoke(JSON.createObjectNode().put("command", "sleep 5").put("timeout_seconds", 0.3), ctx);
            assertThat(slow.content()).startsWith("exit code: 137 (timed out after");
        }
    }

    @Test
    void backgroundProcessCanBePolledAndKilled() throws Exception {
        try (Sandbox s = bwrap()) {
            ToolContext ctx = new ToolContext("a", "s1", new Caller("t", "1", null), workspace(), Duration.ofMinutes(1));
            ToolContext other = new ToolContext("a", "s2", new Caller("t", "2", null), workspace(), Duration.ofMinutes(1));
            List<Tool> tools = SandboxTools.create(s, new RecordingEvents(), Clock.systemUTC());
            Tool exec = tool(tools, "exec");
            Tool proc = tool(tools, "process");
            assertThat(exec.invoke(JSON.createObjectNode().put("command", "echo started; touch /workspace/ready; sleep 30").put("background", true), ctx).content())
                    .isEqualTo("started background process p1; poll it with the process tool");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(workspace().resolve("ready")));
            assertThat(proc.invoke(JSON.createObjectNode().put("action", "poll").put("id", "p1"), ctx).content()).isEqualTo("status: running\nstarted\n");
            assertThat(proc.invoke(JSON.createObjectNode().put("action", "poll").put("id", "p1"), ctx).content()).isEqualTo("status: running\n(no new output)");
            assertThat(proc.invoke(JSON.createObjectNode().put("action", "poll").put("id", "p1"), other).content()).isEqualTo("process: no background process p1 in this session");
            assertThat(proc.invoke(JSON.createObjectNode().put("action", "list"), ctx).content()).startsWith("p1 running echo started");
            assertThat(proc.invoke(JSON.createObjectNode().put("action", "kill").put("id", "p1"), ctx).content()).startsWith("killed p1\nexit code: 137");
            assertThat(proc.invoke(JSON.createObjectNode().put("action", "poll").put("id", "p1"), ctx).content()).isEqualTo("process: no background process p1 in this session");
        }
    }

    @Test
    void finishedBackgroundProcessReportsItsResult() throws Exception {
        try (Sandbox s = bwrap()) {
            SandboxProcess p = s.startBackground(ExecRequest.shell(workspace(), null, "echo done"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !p.isAlive());
            ExecResult r = p.await(Duration.ofSeconds(1));
            assertThat(r.stdout()).isEqualTo("done\n");
            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void closingTheSandboxKillsRunningTrees() throws Exception {
        Sandbox s = bwrap();
        SandboxProcess p = s.startBackground(ExecRequest.shell(workspace(), Duration.ofSeconds(60), "sleep 41.2718"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !EscapeSuite.hostProcessesWith("41.2718").isEmpty());
        s.close();
        assertThat(p.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> EscapeSuite.hostProcessesWith("41.2718").isEmpty());
    }

    @Test
    void cgroupsAreRemovedAfterEachCommand() throws Exception {
        try (Sandbox s = bwrap()) {
            s.exec(ExecRequest.of(workspace(), "/bin/true"));
            Limits limits = Limits.detect("auto", Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"));
            String mine = Orphans.gatewayId(ProcessHandle.current().pid());
            for (Path parent : limits.parents().values()) {
                try (var ls = Files.list(parent)) {
                    assertThat(ls.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(mine))).isEmpty();
                }
            }
            try (var ls = Files.list(tmp.resolve("run"))) {
                assertThat(ls.map(p -> p.getFileName().toString())).containsExactly("seccomp.bpf");
            }
        }
    }

    @Test
    void rlimitFallbackStillBoundsMemoryAndProcesses() throws Exception {
        SandboxConfig c = new SandboxConfig("bubblewrap", false, "rlimit", TestSandboxes.tightPolicy(), tmp.resolve("run"), null, null, null, null, null);
        try (Sandbox s = new Sandbox(c, new RecordingEvents(), Clock.systemUTC())) {
            assumeTrue(s.backend() instanceof SandboxBackend.Bubblewrap);
            assertThat(s.diagnostics().limits()).startsWith("rlimits via prlimit");
            ExecResult mem = s.exec(new ExecRequest(List.of("/usr/bin/python3", "-c", "b = bytearray(200 << 20)"), null, null, workspace()));
            assertThat(mem.stderr()).contains("MemoryError");
            assertThat(mem.exitCode()).isEqualTo(1);
            // RLIMIT_NPROC binds because the sandbox runs as a non-root host uid
            ExecResult bomb = s.exec(new ExecRequest(List.of("/usr/bin/python3", "-c", "import os, time\ntry:\n    while True:\n"
                    + "        if os.fork() == 0:\n            time.sleep(20)\n            os._exit(0)\nexcept OSError as e:\n    print('errno', e.errno, flush=True)\n    os._exit(0)"),
                    null, null, workspace()));
            assertThat(bomb.stdout()).isEqualTo("errno 11\n");
        }
    }
}
