package dev.clawdbot.sandbox;

import dev.clawdbot.testkit.RecordingEvents;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.sandbox.tools.ExecTools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11 item 8: the free-space reserve alone let one agent take all the disk above it, or all its inodes. Each
 * workspace has a quota; a small tmpfs stands in for the disk, so a guard that failed would hit the reserve (a
 * different message) rather than fill the host's disk.
 */
class WorkspaceQuotaTest extends SmallDiskTest {
    private Sandbox sandbox(DiskConfig d, RecordingEvents sink) {
        SandboxConfig cfg = TestSandboxes.config(tmp.resolve("run"), "bubblewrap", false, List.of())
                .withPolicy(TestSandboxes.tightPolicy().withLimits(1024 * MIB, 64, Duration.ofSeconds(120), 64 * 1024))
                .withDisk(d);
        Sandbox s = new Sandbox(cfg, sink, Clock.systemUTC());
        if (!(s.backend() instanceof SandboxBackend.Bubblewrap)) {
            s.close();
            assumeTrue(false, () -> "bubblewrap unavailable: " + s.diagnostics());
        }
        return s;
    }

    private static void empty(Path ws) throws Exception {
        try (Stream<Path> files = Files.list(ws)) {
            for (Path f : files.toList()) Files.delete(f);
        }
    }

    @Test
    void ddPastTheByteQuotaIsKilledReportedToTheModelAndTheWorkspaceRefusedUntilCleaned() throws Exception {
        Path ws = Files.createDirectories(disk.resolve("agents/dakota/workspace"));
        var sink = new RecordingEvents();
        try (Sandbox s = sandbox(new DiskConfig(null, 16 * MIB, 32 * MIB, null), sink)) {
            Tool exec = new ExecTools(s).all().getFirst();
            ToolContext ctx = new ToolContext("dakota", "s", new Caller("telegram", "1", null), ws, Duration.ofMinutes(3));
            // dd appends 1 MiB at a time with a pause: at most ~50 MiB/s, so the 320 MiB disk (and its 16 MiB
            // reserve) lasts over 6 s, far beyond the 500 ms quota poll, even on a loaded machine.
            ToolResult r = exec.invoke(new ObjectMapper().createObjectNode()
                    .put("command", "i=0; while [ $i -lt 4000 ]; do dd if=/dev/zero of=big bs=1M count=1 oflag=append conv=notrunc 2>/dev/null; "
                            + "sleep 0.02; i=$((i+1)); done; echo finished")
                    .put("timeout_seconds", 120), ctx);
            assertThat(r.isError()).isTrue();
            assertThat(r.content()).doesNotContain("finished")
                    .contains("[killed: workspace " + ws.toRealPath() + " holds at least ")
                    .contains("over the limit of 32 MiB (sandbox.disk.workspaceMaxBytes)");
            assertThat(Files.size(ws.resolve("big"))).isGreaterThan(32 * MIB).isLessThan(300 * MIB);
            assertThat(sink.events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("sandbox.disk_quota");
                assertThat(e.level()).isEqualTo(9);
                assertThat(e.fields()).containsEntry("action", "killed").containsEntry("killed", 1);
            });

            ToolResult refused = exec.invoke(new ObjectMapper().createObjectNode().put("command", "echo hi"), ctx);
            assertThat(refused.isError()).isTrue();
            assertThat(refused.content()).contains("over the limit of 32 MiB (sandbox.disk.workspaceMaxBytes)")
                    .contains("refused until files are removed");

            empty(ws);
            assertThat(s.exec(ExecRequest.shell(ws, null, "echo ok")).stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void creatingManySmallFilesIsStoppedAtTheFileLimitAndTheNextRunRefusedUntilRemoved() throws Exception {
        Path ws = Files.createDirectories(disk.resolve("agents/erin/workspace"));
        var sink = new RecordingEvents();
        try (Sandbox s = sandbox(new DiskConfig(null, 16 * MIB, null, 2_000L), sink)) {
            // empty files, so only the file limit can stop it; at most ~10,000 files/s with the pauses
            ExecResult r = s.exec(new ExecRequest(List.of("/bin/sh", "-c",
                    "i=0; while [ $i -lt 200000 ]; do : > f$i; i=$((i+1)); [ $((i % 100)) -eq 0 ] && sleep 0.01; done; echo finished"),
                    null, Duration.ofSeconds(120), ws));
            assertThat(r.stdout()).doesNotContain("finished");
            assertThat(r.killed()).isTrue();
            assertThat(r.stderr()).contains("over the limit of 2000 files and directories (sandbox.disk.workspaceMaxFiles)");
            try (Stream<Path> files = Files.list(ws)) {
                assertThat(files.count()).isGreaterThan(2_000).isLessThan(200_000);
            }
            assertThat(sink.types()).contains("sandbox.disk_quota");

            assertThatThrownBy(() -> s.exec(ExecRequest.shell(ws, null, "true")))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("files and directories (sandbox.disk.workspaceMaxFiles)")
                    .hasMessageContaining("refused until files are removed");
            assertThat(sink.events).anySatisfy(e -> assertThat(e.fields()).containsEntry("action", "refused"));

            empty(ws);
            assertThat(s.exec(ExecRequest.shell(ws, null, "echo ok")).stdout()).isEqualTo("ok\n");
        }
    }
}
