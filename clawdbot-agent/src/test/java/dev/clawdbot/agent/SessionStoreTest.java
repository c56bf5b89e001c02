package dev.clawdbot.agent;

import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.ContentBlock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.clawdbot.agent.TestTools.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store on SQLite and on embedded PostgreSQL: the same code, the same assertions. */
class SessionStoreTest {

    @TempDir
    Path dir;

    private Database open(String engine) throws Exception {
        return SharedPostgres.open(engine, dir.resolve("s.db"), "agent", 4);
    }

    static List<ChatMessage> toolTurn() {
        return List.of(ChatMessage.user("check disk"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, List.of(new ContentBlock.Thinking("hmm", "sig"),
                        new ContentBlock.ToolUse("t1", "df", obj("{\"path\":\"/\",\"n\":[1,2]}")))),
                new ChatMessage(ChatMessage.Role.USER, List.of(new ContentBlock.ToolResult("t1", "12% used", false))),
                ChatMessage.assistant("Disk is 12% full. ünïcödé ✓"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void turnsRoundTripAndCountersAdd(String engine) throws Exception {
        try (Database db = open(engine)) {
            SessionStore store = new SessionStore(db, Fixture.CLOCK);
            SessionInfo s = store.openOrCreate("dakota", "telegram", "1");
            assertThat(store.openOrCreate("dakota", "telegram", "1").id()).isEqualTo(s.id());
            assertThat(store.commitTurn(s.id(), Fixture.CLOCK.instant(), "fake/m1", 100, 20, toolTurn())).isEqualTo(1);
            assertThat(store.commitTurn(s.id(), Fixture.CLOCK.instant(), "fake/m1", 5, 1,
                    List.of(ChatMessage.user("a"), ChatMessage.assistant("b")))).isEqualTo(2);
            List<StoredTurn> turns = store.turnsAfter(s.id(), 0);
            assertThat(turns).hasSize(2);
            assertThat(turns.getFirst().messages()).isEqualTo(toolTurn());
            assertThat(store.turnsAfter(s.id(), 1)).extracting(StoredTurn::seq).containsExactly(2);
            SessionInfo after = store.findById(s.id()).orElseThrow();
            assertThat(after.inputTokens()).isEqualTo(105);
            assertThat(after.outputTokens()).isEqualTo(21);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void incompleteTurnsAreRefusedAndWriteNothing(String engine) throws Exception {
        try (Database db = open(engine)) {
            SessionStore store = new SessionStore(db, Fixture.CLOCK);
            SessionInfo s = store.openOrCreate("dakota", "http", "u");
            List<ChatMessage> openCall = toolTurn().subList(0, 2);
            List<ChatMessage> noFinal = toolTurn().subList(0, 3);
            List<ChatMessage> orphanResult = List.of(ChatMessage.user("x"),
                    new ChatMessage(ChatMessage.Role.USER, List.of(new ContentBlock.ToolResult("zz", "r", false))), ChatMessage.assistant("y"));
            List<ChatMessage> wrongResult = List.of(toolTurn().get(0), toolTurn().get(1),
                    new ChatMessage(ChatMessage.Role.USER, List.of(new ContentBlock.ToolResult("other", "r", false))), ChatMessage.assistant("y"));
            assertThatThrownBy(() -> store.commitTurn(s.id(), Instant.EPOCH, "m", 1, 1, openCall)).hasMessageContaining("tool_use t1 has no tool_result");
            assertThatThrownBy(() -> store.commitTurn(s.id(), Instant.EPOCH, "m", 1, 1, noFinal)).hasMessageContaining("does not end with an assistant");
            assertThatThrownBy(() -> store.commitTurn(s.id(), Instant.EPOCH, "m", 1, 1, orphanResult)).hasMessageContaining("repeats role");
            assertThatThrownBy(() -> store.commitTurn(s.id(), Instant.EPOCH, "m", 1, 1, wrongResult)).hasMessageContaining("without a matching tool_use");
            assertThatThrownBy(() -> store.commitTurn(s.id(), Instant.EPOCH, "m", 1, 1, List.of())).hasMessageContaining("no messages");
            assertThat(store.turnCount(s.id())).isZero();
            assertThat(store.findById(s.id()).orElseThrow().inputTokens()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void resetArchivesAndExportImportRoundTrips(String engine) throws Exception {
        String exported;
        try (Database db = open(engine)) {
            SessionStore store = new SessionStore(db, Fixture.CLOCK);
            SessionInfo first = store.openOrCreate("dakota", "telegram", "1");
            store.commitTurn(first.id(), Fixture.CLOCK.instant(), "fake/m1", 100, 20, toolTurn());
            store.storeCompaction(first.id(), "they checked the disk", 1);
            store.setModelOverride(first.id(), "fake/m2");
            SessionInfo second = store.reset("dakota", "telegram", "1");
            store.commitTurn(second.id(), Fixture.CLOCK.instant(), null, 0, 0, List.of(ChatMessage.user("hi"), ChatMessage.assistant("hello")));
            assertThat(store.findActive("dakota:telegram:1").orElseThrow().id()).isEqualTo(second.id());
            assertThat(store.list(false)).extracting(SessionInfo::id).containsExactly(second.id());
            assertThat(store.list(true)).hasSize(2);
            StringWriter w = new StringWriter();
            assertThat(SessionTranscripts.export(store, store.list(true), w)).isEqualTo(2);
            exported = w.toString();
        }
        assertThat(exported.lines()).hasSize(4);
        try (Database fresh = Database.sqlite(dir.resolve("fresh-" + engine + ".db"))) {
            SessionStore store = new SessionStore(fresh, Fixture.CLOCK);
            for (var i : SessionTranscripts.parse(new BufferedReader(new StringReader(exported)))) store.importSession(i.session(), i.turns());
            StringWriter again = new StringWriter();
            SessionTranscripts.export(store, store.list(true), again);
            assertThat(again.toString()).isEqualTo(exported);
            SessionInfo archived = store.history("dakota:telegram:1").getFirst();
            assertThat(archived.summary()).isEqualTo("they checked the disk");
            assertThat(archived.modelOverride()).isEqualTo("fake/m2");
            assertThat(store.turnsAfter(archived.id(), 0).getFirst().messages()).isEqualTo(toolTurn());
            // Importing the same file again never replaces the active session: the copy is stored archived.
            for (var i : SessionTranscripts.parse(new BufferedReader(new StringReader(exported)))) store.importSession(i.session(), i.turns());
            assertThat(store.list(false)).hasSize(1);
            assertThat(store.list(true)).hasSize(4);
        }
    }
}
