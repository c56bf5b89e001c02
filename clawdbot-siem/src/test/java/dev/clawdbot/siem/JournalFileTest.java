package dev.clawdbot.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.fim.FimConfig;
import dev.clawdbot.siem.journal.JournalConfig;
import dev.clawdbot.siem.rules.Ruleset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal source on real journal files: {@code systemd-journal-remote} turns entries in journal export format
 * (text fields, a binary {@code MESSAGE} with its length prefix) into {@code .journal} files, and the real
 * {@code journalctl} follows them through {@code siem.journal.command: [journalctl, --file=DIR/*.journal]}. The
 * entries reach the shipped rules; the cursor persisted at stop resumes after a restart across a second
 * journal-remote run into the same file and a second file, with nothing lost or repeated.
 */
class JournalFileTest {

    private static final Path JOURNAL_REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-12-07T19:44:38Z").toEpochMilli() * 1000;
    private static final String BOOT = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private Path journals;
    private final AtomicInteger seq = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(JOURNAL_REMOTE),
                "systemd-journal-remote is not installed (Debian package systemd-journal-remote): no real journal file can be written");
        Assumptions.assumeTrue(onPath("journalctl"), "journalctl is not on PATH");
        journals = Files.createDirectories(dir.resolve("journal"));
    }

    private record Entry(String program, byte[] message) {
        static Entry of(String program, String message) {
            return new Entry(program, message.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One entry in journal export format; MESSAGE in the binary form (name, newline, 64-bit LE length, bytes) when it is not plain text. */
    private void export(ByteArrayOutputStream out, Entry e) throws IOException {
        int n = seq.incrementAndGet();
        // One second apart, so entries of different files interleave by time as journalctl orders them.
        String head = "__REALTIME_TIMESTAMP=" + (T0 + n * 1_000_000L) + "\n__MONOTONIC_TIMESTAMP=" + (1000 + n * 1_000_000L) + "\n_BOOT_ID=" + BOOT
                + "\n_HOSTNAME=web1\n_PID=4121\n_COMM=" + e.program() + "\nSYSLOG_IDENTIFIER=" + e.program() + "\nPRIORITY=6\n";
        out.write(head.getBytes(StandardCharsets.UTF_8));
        boolean text = new String(e.message(), StandardCharsets.UTF_8).chars().allMatch(c -> c >= 0x20 && c != 0xFFFD);
        if (text) {
            out.write("MESSAGE=".getBytes(StandardCharsets.UTF_8));
            out.write(e.message());
        } else {
            out.write("MESSAGE\n".getBytes(StandardCharsets.UTF_8));
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(e.message().length).array());
            out.write(e.message());
        }
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the entries to {@code file} (created when missing) with one run of systemd-journal-remote. */
    private void write(String file, Entry... entries) throws Exception {
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        for (Entry e : entries) export(export, e);
        Process p = new ProcessBuilder(JOURNAL_REMOTE.toString(), "--output=" + journals.resolve(file), "-")
                .redirectErrorStream(true).redirectOutput(dir.resolve("journal-remote.log").toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(export.toByteArray());
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("journal-remote.log"))).isZero();
    }

    /** The last entry's cursor, as journalctl reads it from the files. */
    private String lastCursor() throws Exception {
        Process p = new ProcessBuilder("journalctl", "--file=" + journals + "/*.journal", "--output=json", "--no-pager", "--lines=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return JSON.readTree(out).get("__CURSOR").asText();
    }

    private SiemRole role(AlertStore store) {
        FimConfig noFim = new FimConfig(false, null, null, null, null, null, null, null);
        JournalConfig journal = new JournalConfig(true, List.of("journalctl", "--file=" + journals + "/*.journal"));
        SiemConfig c = new SiemConfig(true, List.of(), List.of(), 3, 10, 1000, 50, true, null, noFim, journal, null, null);
        return new SiemRole(c, Ruleset.shipped(), store, n -> { }, e -> { }, Clock.systemUTC(), "test-host");
    }

    /** Rule id and the message after the syslog header, of every stored alert, oldest first. */
    private static List<String> alerts(AlertStore store) throws IOException {
        List<String> out = new ArrayList<>();
        for (AlertStore.StoredAlert a : store.query(Instant.EPOCH, 0, 1000)) {
            var json = JSON.readTree(a.json());
            assertThat(json.path("location").asText()).isEqualTo("journald");
            assertThat(json.path("predecoder").path("hostname").asText()).isEqualTo("web1");
            String full = json.path("full_log").asText();
            out.add(a.ruleId() + " " + full.substring(full.indexOf("]: ") + 3));
        }
        return out;
    }

    @Test
    void realJournalFilesReachTheRulesAndTheCursorResumesAcrossARestartAndASecondFile() throws Exception {
        write("a.journal", Entry.of("sshd", "Failed password for root from 203.0.113.1 port 1 ssh2 (before the first start: history)"));
        try (Database db = Database.sqlite(dir.resolve("clawdbot.db"))) {
            AlertStore store = new AlertStore(db);
            SiemRole first = role(store);
            List<String> expected = new ArrayList<>();
            try {
                first.start();
                // The first start reads from the end (--lines=0): probe until journalctl is there, then write the entries.
                AtomicInteger probes = new AtomicInteger();
                while (alerts(store).isEmpty()) {
                    assertThat(probes.get()).as("journalctl never delivered a probe").isLessThan(60);
                    write("a.journal", Entry.of("sshd", "Accepted publickey for probe from 198.51.100.1 port " + probes.incrementAndGet() + " ssh2"));
                    Thread.sleep(500);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> alerts(store).size() == probes.get());
                for (int i = 1; i <= probes.get(); i++) expected.add("880104 Accepted publickey for probe from 198.51.100.1 port " + i + " ssh2");

                ByteArrayOutputStream binary = new ByteArrayOutputStream(); // a byte that is not UTF-8: journalctl writes MESSAGE as an array
                binary.writeBytes("Failed password for invalid user b".getBytes(StandardCharsets.UTF_8));
                binary.write(0xff);
                binary.writeBytes("d from 203.0.113.7 port 2222 ssh2".getBytes(StandardCharsets.UTF_8));
                write("a.journal",
                        Entry.of("sshd", "Failed password for root from 203.0.113.9 port 51234 ssh2"),
                        new Entry("sshd", binary.toByteArray()),
                        Entry.of("sudo", "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id"),
                        Entry.of("sudo", "   mallory : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash"));
                expected.add("880102 Failed password for root from 203.0.113.9 port 51234 ssh2");
                expected.add("880102 Failed password for invalid user b\uFFFDd from 203.0.113.7 port 2222 ssh2");
                expected.add("880301    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id");
                expected.add("880302    mallory : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash");
                await().atMost(Duration.ofSeconds(20)).until(() -> alerts(store).size() >= expected.size());
                assertThat(alerts(store)).containsExactlyElementsOf(expected);
            } finally {
                first.close();
            }
            assertThat(store.offsets().get(SiemRole.JOURNAL).inode()).as("the cursor stored at stop is the last entry's").isEqualTo(lastCursor());

            // While Clawdbot is down: a second journal-remote run appends to the same file, a third writes a second file.
            write("a.journal", Entry.of("sshd", "Failed password for root from 203.0.113.10 port 4 ssh2"));
            write("b.journal",
                    Entry.of("sudo", "   mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash"),
                    Entry.of("sshd", "Accepted publickey for bob from 198.51.100.2 port 5 ssh2"));
            expected.add("880102 Failed password for root from 203.0.113.10 port 4 ssh2");
            expected.add("880303    mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash");
            expected.add("880104 Accepted publickey for bob from 198.51.100.2 port 5 ssh2");

            SiemRole second = role(store);
            try {
                second.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> alerts(store).size() >= expected.size());
                // And live, into the second file.
                write("b.journal", Entry.of("sshd", "Failed password for root from 203.0.113.11 port 6 ssh2"));
                expected.add("880102 Failed password for root from 203.0.113.11 port 6 ssh2");
                await().atMost(Duration.ofSeconds(20)).until(() -> alerts(store).size() >= expected.size());
                Thread.sleep(1_000); // anything repeated would arrive now
                assertThat(alerts(store)).as("nothing lost, nothing repeated, history before the first start not read").containsExactlyElementsOf(expected);
            } finally {
                second.close();
            }
            assertThat(store.offsets().get(SiemRole.JOURNAL).inode()).isEqualTo(lastCursor());
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }
}
