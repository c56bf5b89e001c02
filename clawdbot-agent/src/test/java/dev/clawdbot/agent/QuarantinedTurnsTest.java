package dev.clawdbot.agent;

import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.agent.doctor.Report;
import dev.clawdbot.agent.doctor.SessionDoctor;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;
import dev.clawdbot.llm.ChatMessage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The store repair on both engines: a damaged middle turn is copied whole to the quarantine table and leaves replay. */
class QuarantinedTurnsTest {
    @TempDir
    Path dir;

    static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDamagedTurnIsQuarantinedByteForByteAndTheSessionReplays(String engine) throws Exception {
        try (Database db = SharedPostgres.open(engine, dir.resolve("a.db"), "agent", 4)) {
            SessionStore old = new SessionStore(db, Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC));
            long idle = old.openOrCreate("main", "telegram", "1").id();
            for (int i = 1; i <= 3; i++) {
                old.commitTurn(idle, NOW.minus(Duration.ofHours(1)), "m", 1, 1, List.of(ChatMessage.user("q" + i + " ünï ✓"), ChatMessage.assistant("a" + i)));
            }
            SessionStore store = new SessionStore(db, Clock.fixed(NOW, ZoneOffset.UTC));
            long active = store.openOrCreate("main", "telegram", "2").id();
            store.commitTurn(active, NOW, "m", 1, 1, List.of(ChatMessage.user("x"), ChatMessage.assistant("y")));
            // Corruption: turn 2 of the idle session loses its answer, the active session's turn its content.
            JdbcRunner jdbc = new JdbcRunner(db);
            jdbc.write("DELETE FROM agent_messages WHERE role = 'assistant' AND turn_id = (SELECT id FROM agent_turns WHERE session_id = ? AND seq = 2)", idle);
            jdbc.write("UPDATE agent_messages SET content = '{not json' WHERE turn_id = (SELECT id FROM agent_turns WHERE session_id = ?)", active);
            List<String> before = jdbc.query("SELECT m.content FROM agent_messages m JOIN agent_turns t ON t.id = m.turn_id "
                    + "WHERE t.session_id = ? AND t.seq = 2 ORDER BY m.seq", rs -> rs.getString(1), idle);

            SessionDoctor doctor = new SessionDoctor(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));
            Map<String, Report> repairs = doctor.repairStore(store);

            assertThat(repairs).containsOnlyKeys("db:main:telegram:1#" + idle);
            assertThat(repairs.values().iterator().next().actions()).singleElement().asString().contains("turn 2", "agent_quarantined_turns");
            assertThat(jdbc.query("SELECT m.content FROM agent_quarantined_messages m JOIN agent_quarantined_turns q ON q.id = m.quarantined_turn_id "
                    + "WHERE q.session_id = ? AND q.seq = 2 ORDER BY m.seq", rs -> rs.getString(1), idle)).isEqualTo(before);
            assertThat(store.quarantined().list(10)).singleElement().satisfies(t -> {
                assertThat(t.seq()).isEqualTo(2);
                assertThat(t.reason()).isNotBlank();
                assertThat(t.quarantinedAt()).isEqualTo(NOW);
            });
            List<StoredTurn> replay = store.turnsAfter(idle, 0);
            assertThat(replay).extracting(StoredTurn::seq).containsExactly(1, 3);
            assertThat(replay).allSatisfy(t -> assertThat(TurnValidator.problem(t.messages())).isNull());
            // Only the active session is still reported; a second repair changes nothing.
            assertThat(doctor.checkStore(store).findings()).allSatisfy(f -> assertThat(f.where()).endsWith("#" + active)).isNotEmpty();
            assertThat(doctor.repairStore(store)).isEmpty();
            assertThat(jdbc.count("SELECT COUNT(*) FROM agent_quarantined_turns")).isEqualTo(1);
            // A new turn after the repair continues the session.
            assertThat(store.commitTurn(idle, NOW, "m", 1, 1, List.of(ChatMessage.user("q4"), ChatMessage.assistant("a4")))).isEqualTo(4);
        }
    }
}
