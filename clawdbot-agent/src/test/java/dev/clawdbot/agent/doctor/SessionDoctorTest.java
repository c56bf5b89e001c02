package dev.clawdbot.agent.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SessionDoctorTest {

    // Claude Code transcript records (uuid / parentUuid, tool_use / tool_result blocks).
    static final String CC1 = "{\"type\":\"user\",\"uuid\":\"u1\",\"parentUuid\":null,\"sessionId\":\"s\",\"message\":{\"role\":\"user\",\"content\":\"list files\"}}";
    static final String CC2 = "{\"type\":\"assistant\",\"uuid\":\"u2\",\"parentUuid\":\"u1\",\"sessionId\":\"s\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}]}}";
    static final String CC3 = "{\"type\":\"user\",\"uuid\":\"u3\",\"parentUuid\":\"u2\",\"sessionId\":\"s\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"a.txt\"}]}}";
    static final String CC4 = "{\"type\":\"assistant\",\"uuid\":\"u4\",\"parentUuid\":\"u3\",\"sessionId\":\"s\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"There is a.txt.\"}]}}";
    // OpenClaw session records (session header, id / parentId, toolCall blocks, toolResult messages).
    static final String OC0 = "{\"type\":\"session\",\"version\":3,\"id\":\"sess\",\"timestamp\":\"2026-11-23T10:00:00.000Z\",\"cwd\":\"/w\"}";
    static final String OC1 = "{\"type\":\"message\",\"id\":\"m1\",\"parentId\":null,\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"weather?\"}]}}";
    static final String OC2 = "{\"type\":\"message\",\"id\":\"m2\",\"parentId\":\"m1\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"toolCall\",\"id\":\"call_1\",\"name\":\"web\",\"arguments\":{}}]}}";
    static final String OC3 = "{\"type\":\"message\",\"id\":\"m3\",\"parentId\":\"m2\",\"message\":{\"role\":\"toolResult\",\"toolCallId\":\"call_1\",\"toolName\":\"web\",\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}]}}";
    static final String OC4 = "{\"type\":\"message\",\"id\":\"m4\",\"parentId\":\"m3\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Sunny.\"}]}}";

    @TempDir
    Path dir;

    private final SessionDoctor doctor = new SessionDoctor(Clock.systemUTC(), Duration.ofSeconds(30));

    private Path write(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, content);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        return f;
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String lines(String... records) {
        return String.join("\n", records) + "\n";
    }

    private static List<TranscriptDefect.Kind> kinds(Report r) {
        return r.findings().stream().map(TranscriptDefect::kind).toList();
    }

    private String read(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    private List<Path> siblings(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    private Path backupOf(Path f) throws IOException {
        return siblings(f.getFileName() + ".bak-").getFirst();
    }

    @Test
    void cleanTranscriptsOfEveryFormatHaveNoFindingsAndAreNotTouched() throws IOException {
        Path cc = write("cc.jsonl", lines(CC1, CC2, CC3, CC4));
        Path oc = write("oc.jsonl", lines(OC0, OC1, OC2, OC3, OC4));
        Report r = doctor.checkPath(dir, true);
        assertThat(r.findings()).isEmpty();
        assertThat(r.actions()).isEmpty();
        assertThat(read(cc)).isEqualTo(lines(CC1, CC2, CC3, CC4));
        assertThat(read(oc)).isEqualTo(lines(OC0, OC1, OC2, OC3, OC4));
        assertThat(siblings("cc.jsonl.")).isEmpty();
    }

    @Test
    void tornLastLineIsCutAndQuarantinedAfterABackup() throws IOException {
        String original = lines(CC1, CC2, CC3, CC4) + "{\"type\":\"user\",\"uuid\":\"u5\",\"parentUuid\":\"u4\",\"mess";
        Path f = write("torn.jsonl", original);
        Report check = doctor.checkPath(f, false);
        assertThat(check.findings()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(TranscriptDefect.Kind.TORN_TAIL);
            assertThat(x.line()).isEqualTo(5);
        });
        assertThat(read(f)).isEqualTo(original);

        Report fixed = doctor.checkPath(f, true);
        assertThat(fixed.actions()).anyMatch(a -> a.contains("cut the invalid tail"));
        assertThat(read(f)).isEqualTo(lines(CC1, CC2, CC3, CC4));
        assertThat(read(backupOf(f))).isEqualTo(original);
        assertThat(read(dir.resolve("torn.jsonl.quarantine"))).isEqualTo("{\"type\":\"user\",\"uuid\":\"u5\",\"parentUuid\":\"u4\",\"mess\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        assertThat(doctor.checkPath(f, true).findings()).isEmpty();
    }

    @Test
    void nulRunAtTheTailIsCutWithNothingToQuarantine() throws IOException {
        byte[] good = lines(OC0, OC1, OC2, OC3, OC4).getBytes(StandardCharsets.UTF_8);
        byte[] original = new byte[good.length + 4096];
        System.arraycopy(good, 0, original, 0, good.length);
        Path f = write("nul.jsonl", original);
        Report r = doctor.checkPath(f, true);
        assertThat(kinds(r)).containsExactly(TranscriptDefect.Kind.NUL_BYTES);
        assertThat(r.findings().getFirst().detail()).isEqualTo("4096 NUL byte(s)");
        assertThat(Files.readAllBytes(f)).isEqualTo(good);
        assertThat(Files.readAllBytes(backupOf(f))).isEqualTo(original);
        assertThat(dir.resolve("nul.jsonl.quarantine")).doesNotExist();
    }

    @Test
    void twoWholeRecordsMergedOnOneLineAreSplitAndBothKept() throws IOException {
        Path f = write("merged.jsonl", lines(CC1, CC2 + CC3, CC4));
        Report r = doctor.checkPath(f, true);
        assertThat(r.findings()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(TranscriptDefect.Kind.MERGED_RECORDS);
            assertThat(x.line()).isEqualTo(2);
        });
        assertThat(read(f)).isEqualTo(lines(CC1, CC2, CC3, CC4));
        assertThat(dir.resolve("merged.jsonl.quarantine")).doesNotExist();
        assertThat(r.actions()).anyMatch(a -> a.contains("rewrote"));
    }

    @Test
    void tornRecordMergedWithTheNextQuarantinesTheFragmentAndKeepsEverythingValidAfterIt() throws IOException {
        String fragment = "{\"type\":\"message\",\"id\":\"m3\",\"parentId\":\"m2\",\"message\":{\"role\":\"toolRes";
        String original = lines(OC0, OC1, OC2, fragment + OC3, OC4);
        Path f = write("tornmerge.jsonl", original);
        Report r = doctor.checkPath(f, true);
        assertThat(kinds(r)).containsExactly(TranscriptDefect.Kind.MERGED_RECORDS);
        assertThat(read(f)).isEqualTo(lines(OC0, OC1, OC2, OC3, OC4));
        assertThat(read(dir.resolve("tornmerge.jsonl.quarantine"))).isEqualTo(fragment + "\n");
        assertThat(read(backupOf(f))).isEqualTo(original);
    }

    @Test
    void garbageInTheMiddleIsQuarantinedAndLaterRecordsKept() throws IOException {
        Path f = write("mid.jsonl", lines(CC1, CC2, "not json at all", CC3, CC4));
        Report r = doctor.checkPath(f, true);
        assertThat(r.findings()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(TranscriptDefect.Kind.INVALID_RECORD);
            assertThat(x.line()).isEqualTo(3);
        });
        assertThat(read(f)).isEqualTo(lines(CC1, CC2, CC3, CC4));
        assertThat(read(dir.resolve("mid.jsonl.quarantine"))).isEqualTo("not json at all\n");
    }

    @Test
    void nulRunInsideALineHidingANewlineIsRepaired() throws IOException {
        String original = CC1 + "\n" + CC2 + "\0\0\0\0\0\0\0\0" + CC3 + "\n" + CC4 + "\n";
        Path f = write("nulmid.jsonl", original);
        Report r = doctor.checkPath(f, true);
        assertThat(kinds(r)).containsExactlyInAnyOrder(TranscriptDefect.Kind.NUL_BYTES, TranscriptDefect.Kind.MERGED_RECORDS);
        assertThat(read(f)).isEqualTo(lines(CC1, CC2, CC3, CC4));
    }

    @Test
    void toolCallLeftOpenByTheLastRecordIsCutAsATornTurn() throws IOException {
        Path f = write("opencall.jsonl", lines(OC0, OC1, OC2));
        Report r = doctor.checkPath(f, true);
        assertThat(r.findings()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(TranscriptDefect.Kind.TOOL_CALL_WITHOUT_RESULT);
            assertThat(x.line()).isEqualTo(3);
            assertThat(x.detail()).contains("call_1");
        });
        assertThat(read(f)).isEqualTo(lines(OC0, OC1));
        assertThat(read(dir.resolve("opencall.jsonl.quarantine"))).isEqualTo(OC2 + "\n");
    }

    @Test
    void orphanResultsMidFileCallsAndBrokenLinksAreReportedButNotChanged() throws IOException {
        String orphanResult = "{\"type\":\"message\",\"id\":\"m9\",\"parentId\":\"m1\",\"message\":{\"role\":\"toolResult\",\"toolCallId\":\"call_zzz\",\"content\":[]}}";
        String brokenLink = "{\"type\":\"message\",\"id\":\"m5\",\"parentId\":\"nowhere\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}}";
        String original = lines(OC0, OC1, orphanResult, OC2, OC4, brokenLink);
        Path f = write("semantic.jsonl", original);
        Report r = doctor.checkPath(f, true);
        assertThat(r.findings()).extracting(TranscriptDefect::line, TranscriptDefect::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, TranscriptDefect.Kind.TOOL_RESULT_WITHOUT_CALL),
                org.assertj.core.groups.Tuple.tuple(4, TranscriptDefect.Kind.TOOL_CALL_WITHOUT_RESULT),
                // OC4 names m3 (the missing tool result) as its parent.
                org.assertj.core.groups.Tuple.tuple(5, TranscriptDefect.Kind.BROKEN_PARENT_LINK),
                org.assertj.core.groups.Tuple.tuple(6, TranscriptDefect.Kind.BROKEN_PARENT_LINK));
        assertThat(r.actions()).isEmpty();
        assertThat(read(f)).isEqualTo(original);
        assertThat(siblings("semantic.jsonl.")).isEmpty();
    }

    @Test
    void claudeCodeResultBeforeItsCallAndBrokenParent() throws IOException {
        String cc3NoParent = CC3.replace("\"parentUuid\":\"u2\"", "\"parentUuid\":\"u-missing\"");
        Path f = write("cc.jsonl", lines(CC1, cc3NoParent, CC2, CC4.replace("u3", "u2")));
        assertThat(kinds(doctor.checkPath(f, false))).containsExactly(TranscriptDefect.Kind.BROKEN_PARENT_LINK,
                TranscriptDefect.Kind.TOOL_RESULT_WITHOUT_CALL, TranscriptDefect.Kind.TOOL_CALL_WITHOUT_RESULT);
    }

    @Test
    void clawdbotExportTurnWithoutItsSessionIsABrokenLink() throws IOException {
        String turn = "{\"type\":\"turn\",\"sessionId\":\"7\",\"seq\":1,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"x\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"ok\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}]}";
        Path f = write("export.jsonl", lines(turn));
        assertThat(doctor.checkPath(f, false).findings()).singleElement()
                .satisfies(x -> assertThat(x.kind()).isEqualTo(TranscriptDefect.Kind.BROKEN_PARENT_LINK));
    }

    @Test
    void filesStillBeingWrittenOrLockedAreSkipped() throws IOException {
        Path active = dir.resolve("active.jsonl");
        Files.writeString(active, CC1 + "\n{\"torn");
        Path locked = write("locked.jsonl", CC1 + "\n{\"torn");
        try (FileChannel ch = FileChannel.open(locked, StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            Report r = doctor.checkPath(dir, true);
            assertThat(r.findings()).isEmpty();
            assertThat(r.skipped()).hasSize(2).anyMatch(s -> s.contains("active.jsonl") && s.contains("still being written"))
                    .anyMatch(s -> s.contains("locked.jsonl") && s.contains("locked"));
        }
        assertThat(read(active)).isEqualTo(CC1 + "\n{\"torn");
        assertThat(read(locked)).isEqualTo(CC1 + "\n{\"torn");
        assertThat(siblings("active.jsonl.")).isEmpty();
    }

    @Test
    void directoryScanReadsOnlyJsonlFilesAndIgnoresItsOwnBackups() throws IOException {
        write("a/one.jsonl", lines(CC1) + "{\"torn");
        write("a/one.jsonl.bak-20260101T000000Z", "garbage");
        write("a/notes.txt", "garbage");
        Report r = doctor.checkPath(dir, true);
        assertThat(r.findings()).singleElement().satisfies(x -> assertThat(x.where()).endsWith("one.jsonl"));
    }

    /** Seeded property: any truncation of a valid transcript is repaired to exactly its longest complete-record prefix. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void anyTruncationIsRepairedToTheLongestValidPrefix(long seed) throws IOException {
        Random rnd = new Random(seed);
        List<String> recs = List.of(OC0, OC1, OC2, OC3, OC4);
        byte[] full = lines(recs.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
        int cut = 1 + rnd.nextInt(full.length - 1);
        byte[] truncated = java.util.Arrays.copyOf(full, cut);
        if (rnd.nextBoolean()) truncated = java.util.Arrays.copyOf(truncated, cut + 1 + rnd.nextInt(64)); // NUL padding
        Path f = write("p" + seed + ".jsonl", truncated);
        doctor.checkPath(f, true);
        String repaired = read(f);
        List<String> expected = new ArrayList<>();
        int offset = 0;
        for (String rec : recs) {
            offset += rec.getBytes(StandardCharsets.UTF_8).length;
            if (offset <= cut) expected.add(rec);
            offset += 1;
        }
        // A complete last record that opens a tool call is a torn turn and goes too.
        if (!expected.isEmpty() && expected.getLast().equals(OC2)) expected.removeLast();
        assertThat(repaired).isEqualTo(expected.isEmpty() ? "" : lines(expected.toArray(String[]::new)));
        assertThat(Files.readAllBytes(backupOf(f))).isEqualTo(truncated);
    }
}
