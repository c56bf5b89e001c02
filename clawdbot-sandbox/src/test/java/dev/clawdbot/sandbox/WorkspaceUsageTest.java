package dev.clawdbot.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceUsageTest {
    @TempDir
    Path tmp;

    @Test
    void countsBlocksAndEntriesWithoutFollowingLinks() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws/sub"));
        ws = ws.getParent();
        Files.write(ws.resolve("a"), new byte[1]);
        Files.write(ws.resolve("sub/b"), new byte[5000]);
        Files.createFile(ws.resolve("empty"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        for (int i = 0; i < 50; i++) Files.write(outside.resolve("f" + i), new byte[10_000]);
        Files.createSymbolicLink(ws.resolve("link"), outside);

        // sub, a, sub/b, empty, link: 5 entries; sub 4 KiB + a 4 KiB + b 8 KiB + empty 0 + link's own size
        WorkspaceUsage u = WorkspaceUsage.measure(ws, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(u.entries()).isEqualTo(5);
        assertThat(u.bytes()).isEqualTo(4096 + 4096 + 8192 + 4096);
        assertThat(u.over()).isFalse();
    }

    @Test
    void aSparseFileCountsAtItsFullSize() throws Exception {
        try (var f = new RandomAccessFile(tmp.resolve("sparse").toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        WorkspaceUsage u = WorkspaceUsage.measure(tmp, 2L << 30, 10);
        assertThat(u.bytes()).isEqualTo(1L << 30);
    }

    @Test
    void theWalkStopsOncePastALimit() throws Exception {
        for (int i = 0; i < 500; i++) Files.createFile(tmp.resolve("f" + i));
        WorkspaceUsage u = WorkspaceUsage.measure(tmp, Long.MAX_VALUE, 100);
        assertThat(u.over()).isTrue();
        assertThat(u.entries()).isEqualTo(101);

        for (int i = 0; i < 10; i++) Files.write(tmp.resolve("big" + i), new byte[1 << 20]);
        WorkspaceUsage b = WorkspaceUsage.measure(tmp, 3L << 20, Long.MAX_VALUE);
        assertThat(b.over()).isTrue();
        assertThat(b.bytes()).isGreaterThan(3L << 20).isLessThanOrEqualTo(4L << 20);
    }

    @Test
    void limitsAreValidatedNamingTheKey() {
        assertThat(DiskConfig.defaults().workspaceMaxBytes()).isEqualTo(2L << 30);
        assertThat(DiskConfig.defaults().workspaceMaxFiles()).isEqualTo(100_000L);
        assertThatThrownBy(() -> new DiskConfig(null, null, 1000L, null))
                .hasMessage("sandbox.disk.workspaceMaxBytes must be at least 1048576, was 1000");
        assertThatThrownBy(() -> new DiskConfig(null, null, null, 0L))
                .hasMessage("sandbox.disk.workspaceMaxFiles must be at least 1, was 0");
    }
}
