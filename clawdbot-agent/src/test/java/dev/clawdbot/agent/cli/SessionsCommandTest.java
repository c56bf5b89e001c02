package dev.clawdbot.agent.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.agent.SessionInfo;
import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsCommandTest {

    @TempDir
    Path dir;

    Database db;
    SessionStore store;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() {
        db = Database.sqlite(dir.resolve("a.db"));
        store = new SessionStore(db, Clock.systemUTC());
        SessionInfo s = store.openOrCreate("dakota", "telegram", "42");
        store.commitTurn(s.id(), Instant.parse("2026-11-23T10:00:00Z"), "fake/m1", 7, 3, List.of(ChatMessage.user("hi"), ChatMessage.assistant("hello")));
        store.reset("dakota", "telegram", "42");
        SessionInfo other = store.openOrCreate("dakota", "http", "u1");
        store.commitTurn(other.id(), Instant.parse("2026-11-23T11:00:00Z"), "fake/m1", 1, 1, List.of(ChatMessage.user("a"), ChatMessage.assistant("b")));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private int run(SessionStore s, String... args) {
        CommandLine cl = new SessionsCommand(() -> Opened.of(s), Clock.systemUTC()).commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void listShowsActiveSessionsAndArchivedOnesWithAll() {
        assertThat(run(store, "list")).isZero();
        assertThat(out.toString().lines()).hasSize(3).anyMatch(l -> l.startsWith("dakota:http:u1"));
        out.getBuffer().setLength(0);
        assertThat(run(store, "list", "--all")).isZero();
        assertThat(out.toString().lines()).hasSize(4);
    }

    @Test
    void exportToFileThenImportIntoAnotherDatabaseRoundTrips() throws Exception {
        Path file = dir.resolve("out/sessions.jsonl");
        Files.createDirectories(file.getParent());
        assertThat(run(store, "export", "--out", file.toString())).isZero();
        assertThat(err.toString()).contains("exported 3 session(s), 2 turn(s)");
        try (Database other = Database.sqlite(dir.resolve("b.db"))) {
            SessionStore s2 = new SessionStore(other, Clock.systemUTC());
            assertThat(run(s2, "import", file.toString())).isZero();
            assertThat(out.toString()).contains("imported 3 session(s), 2 turn(s)");
            Path again = dir.resolve("out/again.jsonl");
            assertThat(run(s2, "export", "--out", again.toString())).isZero();
            assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
        }
    }

    @Test
    void exportOneKeyToStdoutAndUnknownKeyFails() {
        assertThat(run(store, "export", "--session", "dakota:telegram:42")).isZero();
        assertThat(out.toString().lines()).hasSize(3).allMatch(l -> l.contains("\"type\":\"session\"") ? l.contains("dakota:telegram:42") : l.contains("\"type\":\"turn\""));
        assertThat(run(store, "export", "--session", "nope:x:y")).isEqualTo(1);
        assertThat(err.toString()).contains("no session is stored under key 'nope:x:y'");
    }

    @Test
    void importOfADamagedFileImportsNothingAndNamesTheLine() throws Exception {
        Path file = dir.resolve("s.jsonl");
        assertThat(run(store, "export", "--out", file.toString())).isZero();
        Files.writeString(file, Files.readString(file) + "{\"type\":\"turn\",\"sessio");
        try (Database other = Database.sqlite(dir.resolve("c.db"))) {
            SessionStore s2 = new SessionStore(other, Clock.systemUTC());
            assertThat(run(s2, "import", file.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("line 6").contains("nothing imported").contains("doctor");
            assertThat(s2.list(true)).isEmpty();
        }
        assertThat(run(store, "import", dir.resolve("missing.jsonl").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void doctorChecksTheDatabaseOrFilesAndFixesWithExitCodes() throws Exception {
        assertThat(run(store, "doctor")).isZero();
        assertThat(out.toString()).contains("no problems found");
        Path file = dir.resolve("t/x.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"type\":\"user\",\"uuid\":\"a\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n{\"tor", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        out.getBuffer().setLength(0);
        assertThat(run(null, "doctor", file.getParent().toString())).isEqualTo(1);
        assertThat(out.toString()).contains("torn tail").contains("run with --fix");
        assertThat(run(null, "doctor", file.toString(), "--fix")).isEqualTo(1);
        assertThat(out.toString()).contains("fixed: ").contains("backed up to x.jsonl.bak-");
        assertThat(Files.readString(file)).isEqualTo("{\"type\":\"user\",\"uuid\":\"a\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n");
        out.getBuffer().setLength(0);
        assertThat(run(store, "doctor", "--fix")).isZero();
        assertThat(out.toString()).contains("no problems found");
        assertThat(run(store, "doctor", "--active-seconds", "-1", file.toString())).isEqualTo(2);
        assertThat(run(null, "doctor", dir.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such file or directory");
        assertThat(run(store, "bogus")).isEqualTo(2);
    }

    @Test
    void doctorReportsAnInvalidStoredTurn() throws Exception {
        db.withConnection(c -> c.createStatement().executeUpdate(
                "UPDATE agent_messages SET content = '[{\"type\":\"tool_use\",\"id\":\"x\",\"name\":\"n\",\"input\":{}}]' WHERE role = 'assistant' AND turn_id = 1"));
        assertThat(run(store, "doctor")).isEqualTo(1);
        assertThat(out.toString()).contains("db:dakota:telegram:42#1:1: invalid turn – tool_use x has no tool_result");
        // The turn was committed just now: --fix leaves the session alone until it has been idle --active-seconds.
        out.getBuffer().setLength(0);
        assertThat(run(store, "doctor", "--fix")).isEqualTo(1);
        assertThat(out.toString()).doesNotContain("fixed: ");
        out.getBuffer().setLength(0);
        assertThat(run(store, "doctor", "--fix", "--active-seconds", "0")).isEqualTo(1);
        assertThat(out.toString()).contains("fixed: db:dakota:telegram:42#1: turn 1 (2 message(s)) copied to agent_quarantined_turns");
        out.getBuffer().setLength(0);
        assertThat(run(store, "doctor")).isZero();
        assertThat(run(store, "quarantined")).isZero();
        assertThat(out.toString()).contains("db:dakota:telegram:42#1 turn 1 (2 message(s)): tool_use x has no tool_result");
    }
}
