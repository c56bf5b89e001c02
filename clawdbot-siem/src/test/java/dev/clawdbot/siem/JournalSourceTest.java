package dev.clawdbot.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.fim.FimConfig;
import dev.clawdbot.siem.journal.JournalConfig;
import dev.clawdbot.siem.journal.JournalFollower;
import dev.clawdbot.siem.rules.Ruleset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal source against a stand-in {@code journalctl} that writes the real {@code -o json} wire format
 * (string and byte-array fields, {@code __CURSOR}, {@code __REALTIME_TIMESTAMP}) and injects faults: death,
 * a partial last line, over-long and non-JSON lines. Real journal files and the real journalctl: {@link JournalFileTest}.
 */
class JournalSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-12-07T19:44:38Z").toEpochMilli() * 1000;

    @TempDir
    Path dir;

    private Path entries;
    private List<String> command;
    private JournalFollower follower;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> saved = new AtomicReference<>();

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 runs the stand-in journalctl");
        Path fake = dir.resolve("journalctl");
        try (InputStream in = getClass().getResourceAsStream("fake-journalctl.py")) {
            Files.write(fake, in.readAllBytes());
        }
        entries = Files.writeString(dir.resolve("entries.jsonl"), "");
        command = List.of("/usr/bin/python3", fake.toString(), entries.toString());
    }

    @AfterEach
    void tearDown() {
        if (follower != null) follower.close();
    }

    private static String entry(int n, String program, Object message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("__CURSOR", "s=abc;i=" + Integer.toHexString(n) + ";b=boot;m=" + n + ";t=" + (T0 + n) + ";x=" + n);
        o.put("__REALTIME_TIMESTAMP", String.valueOf(T0 + n));
        o.put("__MONOTONIC_TIMESTAMP", String.valueOf(1000 + n));
        o.put("_BOOT_ID", "boot");
        o.put("PRIORITY", "6");
        o.put("_HOSTNAME", "web1");
        o.put("_PID", "4121");
        o.put("_COMM", program);
        if (n % 2 == 0) o.put("SYSLOG_IDENTIFIER", program);
        if (message instanceof byte[] b) {
            var arr = o.putArray("MESSAGE");
            for (byte x : b) arr.add(x & 0xff);
        } else {
            o.put("MESSAGE", (String) message);
        }
        return o.toString();
    }

    private void append(String... ls) throws IOException {
        Files.writeString(entries, String.join("\n", ls) + "\n", StandardOpenOption.APPEND);
    }

    private JournalFollower follow(String cursor) {
        follower = new JournalFollower(command, cursor, lines::add, saved::set, ZoneOffset.UTC);
        follower.start();
        return follower;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> argvLog() throws IOException {
        return Files.readAllLines(Path.of(entries + ".argv"));
    }

    @Test
    void entriesBecomeSyslogLinesAndARestartNeitherLosesNorRepeats() throws IOException {
        append(entry(1, "sshd", "old entry, before the first start"));
        follow(null);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(entries + ".argv")));
        assertThat(argvLog().getFirst()).isEqualTo("--output=json --follow --no-pager --lines=0");
        byte[] binary = "Failed password for root from 203.0.113.9 port 22 ssh2 \u00e9".getBytes(StandardCharsets.UTF_8);
        binary[binary.length - 1] = (byte) 0xff;
        append(entry(2, "sshd", "Failed password for root from 203.0.113.9 port 51234 ssh2"),
                entry(3, "sshd", binary),
                entry(4, "kernel", "line one\nline two"));
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() == 3);
        assertThat(lines.get(0)).isEqualTo("Dec  7 19:44:38 web1 sshd[4121]: Failed password for root from 203.0.113.9 port 51234 ssh2");
        // Entry 3 has no SYSLOG_IDENTIFIER: _COMM names the program; its MESSAGE is a byte array, not valid UTF-8.
        assertThat(lines.get(1)).startsWith("Dec  7 19:44:38 web1 sshd[4121]: Failed password for root from 203.0.113.9 port 22 ssh2 ")
                .endsWith("\uFFFD");
        assertThat(lines.get(2)).isEqualTo("Dec  7 19:44:38 web1 kernel[4121]: line one line two");
        follower.close();
        assertThat(saved.get()).endsWith(";x=4");

        append(entry(5, "sshd", "five"), entry(6, "sshd", "six"));
        follow(saved.get());
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() >= 5);
        sleep(500); // anything repeated would arrive now
        assertThat(lines.subList(3, lines.size())).containsExactly("Dec  7 19:44:38 web1 sshd[4121]: five", "Dec  7 19:44:38 web1 sshd[4121]: six");
        assertThat(argvLog().getLast()).endsWith("--after-cursor=" + "s=abc;i=4;b=boot;m=4;t=" + (T0 + 4) + ";x=4");
    }

    @Test
    void deathAndAPartialLastLineLoseNothingAndRepeatNothing() throws IOException {
        append(entry(1, "sshd", "one"), "#PARTIAL", entry(2, "sshd", "two"), "#DIE", entry(3, "sshd", "three"));
        follow("s=abc;i=0;b=boot;m=0;t=0;x=0");
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.size() >= 3);
        sleep(500); // anything repeated would arrive now
        assertThat(lines).extracting(l -> l.substring(l.lastIndexOf(' ') + 1)).containsExactly("one", "two", "three");
        assertThat(follower.starts()).isEqualTo(3);
        List<String> argv = argvLog();
        assertThat(argv.get(1)).endsWith(";x=1");
        assertThat(argv.get(2)).endsWith(";x=2");
        assertThat(follower.skipped()).isZero();
    }

    @Test
    void overLongAndNonJsonLinesAreSkippedAndCounted() throws IOException {
        String huge = "{\"__CURSOR\":\"c\",\"MESSAGE\":\"" + "A".repeat(2 * 1024 * 1024) + "\"}";
        append(huge, "not json at all", "[1,2,3]", entry(1, "sshd", "after the junk"));
        follow("s=none");
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() == 1);
        assertThat(lines.getFirst()).endsWith("sshd[4121]: after the junk");
        assertThat(follower.skipped()).isEqualTo(3);
    }

    @Test
    void journalLinesReachTheRulesAndTheCursorIsPersisted() throws IOException {
        Database db = Database.sqlite(dir.resolve("clawdbot.db"));
        AlertStore store = new AlertStore(db);
        FimConfig noFim = new FimConfig(false, null, null, null, null, null, null, null);
        SiemConfig c = new SiemConfig(true, List.of(), List.of(), 3, 10, 1000, 50, true, null, noFim, new JournalConfig(true, command), null, null);
        SiemRole role = new SiemRole(c, Ruleset.shipped(), store, n -> { }, e -> { }, Clock.systemUTC(), "test-host");
        try {
            role.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(entries + ".argv")));
            append(entry(7, "sshd", "Failed password for root from 203.0.113.9 port 51234 ssh2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !store.query(Instant.EPOCH, 0, 10).isEmpty());
            AlertStore.StoredAlert a = store.query(Instant.EPOCH, 0, 10).getFirst();
            assertThat(a.ruleId()).isEqualTo(880102);
            assertThat(a.json()).contains("\"location\":\"journald\"", "\"program_name\":\"sshd\"", "\"hostname\":\"web1\"");
        } finally {
            role.close();
        }
        assertThat(store.offsets().get(SiemRole.JOURNAL).inode()).endsWith(";x=7");
        db.close();
    }
}
