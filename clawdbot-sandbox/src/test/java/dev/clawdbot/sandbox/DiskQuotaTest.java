package dev.clawdbot.sandbox;

import dev.clawdbot.testkit.RecordingEvents;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11 item 8: a sandboxed {@code dd} filled the disk at 640 MB/s and every chat then failed with storage_error.
 * A small tmpfs stands in for the disk (data dir and workspace on it, as with the README defaults); the database
 * on it must keep working after sandboxed commands tried to fill it.
 */
class DiskQuotaTest extends SmallDiskTest {
    @Test
    void ddFillingTheDiskIsStoppedAndTheDatabaseKeepsWorking() throws Exception {
        Path data = Files.createDirectories(disk.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Path ws = Files.createDirectories(data.resolve("agents/dakota/workspace"));
        String db = "jdbc:sqlite:" + data.resolve("clawdbot.db");
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
            st.execute("create table turns (id integer primary key, body text)");
        }
        SandboxConfig cfg = TestSandboxes.config(tmp.resolve("run"), "bubblewrap", false, List.of(data))
                .withPolicy(TestSandboxes.tightPolicy().withLimits(1024 * MIB, 64, Duration.ofSeconds(60), 64 * 1024))
                .withDisk(new DiskConfig(16 * MIB, 160 * MIB, null, null));
        try (Sandbox s = new Sandbox(cfg, new RecordingEvents(), Clock.systemUTC())) {
            assumeTrue(s.backend() instanceof SandboxBackend.Bubblewrap, () -> "bubblewrap unavailable: " + s.diagnostics());

            // One big file: RLIMIT_FSIZE stops the writer at 16 MiB (SIGXFSZ, exit 128+25).
            ExecResult dd = s.exec(new ExecRequest(List.of("/bin/sh", "-c", "dd if=/dev/zero of=big bs=1M count=300"), null, Duration.ofSeconds(60), ws));
            assertThat(dd.exitCode()).as(dd.stderr()).isEqualTo(153);
            assertThat(Files.size(ws.resolve("big"))).isEqualTo(16 * MIB);

            // Many files under the size cap: the reserve watchdog kills the run before the disk is full.
            ExecResult fill = s.exec(new ExecRequest(List.of("/bin/sh", "-c",
                    "i=0; while [ $i -lt 1000 ]; do dd if=/dev/zero of=f$i bs=1M count=8 2>/dev/null; i=$((i+1)); done; echo finished"),
                    null, Duration.ofSeconds(120), ws));
            assertThat(fill.stdout()).doesNotContain("finished");
            assertThat(fill.killed()).isTrue();
            assertThat(fill.stderr()).contains("[killed: free space on the file system of");
            assertThat(Files.getFileStore(data).getUsableSpace()).isGreaterThan(32 * MIB);

            // New runs are refused while the reserve is breached, with the reason.
            assertThatThrownBy(() -> s.exec(ExecRequest.shell(ws, null, "true")))
                    .isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("under the 160 MiB reserve (sandbox.disk.minFreeBytes); sandboxed commands are refused");

            // The database on the same file system still takes writes: chats go on.
            try (Connection c = DriverManager.getConnection(db);
                 PreparedStatement ps = c.prepareStatement("insert into turns (body) values (?)")) {
                for (int i = 0; i < 500; i++) {
                    ps.setString(1, "x".repeat(1024));
                    ps.executeUpdate();
                }
            }

            try (Stream<Path> files = Files.list(ws)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            assertThat(s.exec(ExecRequest.shell(ws, null, "echo ok")).stdout()).isEqualTo("ok\n");
        }
    }
}
