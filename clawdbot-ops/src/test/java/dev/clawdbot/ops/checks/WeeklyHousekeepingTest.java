package dev.clawdbot.ops.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class WeeklyHousekeepingTest {
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static void age(Path p, Duration d) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(d)));
    }

    @Test
    void orphanCollectionReportsWhatWasRemovedAndAFailureIsAWarning() {
        assertThat(new OrphanedSandboxes(() -> 3).check()).singleElement().extracting(Finding::message)
                .isEqualTo("removed 3 orphaned sandbox resource(s) (sandboxes, cgroups, pid files)");
        assertThat(new OrphanedSandboxes(() -> 0).check()).singleElement().extracting(Finding::message).isEqualTo("no orphaned sandboxes or cgroups");
        assertThat(new OrphanedSandboxes(() -> {
            throw new IOException("cgroup busy");
        }).check()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.message()).contains("cgroup busy");
        });
        assertThat(new OrphanedSandboxes(null).check()).singleElement().extracting(Finding::severity).isEqualTo(Finding.Severity.INFO);
    }

    @Test
    void staleSpoolFilesAreReportedNotDeletedAndSymlinksAreNotFollowed() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool/inbox"));
        Path old = Files.writeString(spool.resolve("req-1.json"), "{}");
        age(old, Duration.ofDays(9));
        age(Files.writeString(spool.resolve("req-2.json"), "{}"), Duration.ofDays(1));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        age(Files.writeString(elsewhere.resolve("ancient"), "x"), Duration.ofDays(400));
        Files.createSymbolicLink(spool.resolve("link"), elsewhere);
        List<Finding> f = new StaleFiles(Duration.ofDays(7), CLOCK).check(List.of(dir.resolve("spool"), dir.resolve("missing")));
        assertThat(f.getFirst().severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(f.getFirst().message()).startsWith("1 file(s) untouched for over 7 days (0.0 MiB, oldest 2026-11-27T03:00:00Z): inbox/req-1.json");
        assertThat(f.get(1).message()).isEqualTo("not a directory (yet)");
        assertThat(old).exists();
    }

    @Test
    void rotatesBigLogsCompressesRotatedOnesAndExpiresOldArchives() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        String big = "line of the gateway log\n".repeat(100);
        Files.writeString(logs.resolve("gateway.log"), big);
        Files.writeString(logs.resolve("small.log"), "tiny\n");
        Files.writeString(logs.resolve("events.jsonl"), "{\"live\":1}\n");
        Files.writeString(logs.resolve("events.jsonl.2"), "{\"old\":2}\n");
        Path expired = Files.write(logs.resolve("gateway.20261001T000000Z.gz"), new byte[]{0x1f, (byte) 0x8b});
        age(expired, Duration.ofDays(60));
        Path kept = Files.write(logs.resolve("gateway.20261201T000000Z.gz"), new byte[]{0x1f, (byte) 0x8b});
        age(kept, Duration.ofDays(5));

        List<Finding> f = new LogRotation(1024, 30, CLOCK).check(List.of(logs));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Finding.Severity.INFO);
            assertThat(x.message()).startsWith("1 rotated, 1 compressed, 1 archives over 30 days deleted");
        });
        assertThat(logs.resolve("gateway.log")).isEmptyFile();
        assertThat(gunzip(logs.resolve("gateway.20261206T030000Z.gz"))).isEqualTo(big);
        assertThat(gunzip(logs.resolve("events.jsonl.20261206T030000Z.gz"))).isEqualTo("{\"old\":2}\n");
        assertThat(logs.resolve("events.jsonl.2")).doesNotExist();
        assertThat(logs.resolve("events.jsonl")).hasContent("{\"live\":1}");
        assertThat(logs.resolve("small.log")).hasContent("tiny");
        assertThat(expired).doesNotExist();
        assertThat(kept).exists();
        try (var s = Files.list(logs)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void rotatedNamesAreOnlyNumberedLogs() {
        assertThat(LogRotation.rotatedName("events.jsonl.3")).isTrue();
        assertThat(LogRotation.rotatedName("gateway.log.12")).isTrue();
        assertThat(LogRotation.rotatedName("events.jsonl")).isFalse();
        assertThat(LogRotation.rotatedName("notes.txt.1")).isFalse();
        assertThat(LogRotation.rotatedName("gateway.log.1a")).isFalse();
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
