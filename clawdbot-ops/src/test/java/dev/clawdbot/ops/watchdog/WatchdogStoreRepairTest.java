package dev.clawdbot.ops.watchdog;

import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.agent.StoredTurn;
import dev.clawdbot.agent.TurnValidator;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;
import dev.clawdbot.llm.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog repairing Clawdbot's own session store (real SQLite, the real doctor, a real restart command). */
class WatchdogStoreRepairTest {
    @TempDir
    Path dir;

    final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();

    static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void aDamagedStoredTurnIsQuarantinedTheOwnerRestartedOnceAndAnActiveSessionLeftAlone() throws Exception {
        Path hookLog = dir.resolve("hook.log");
        try (Database db = Database.sqlite(dir.resolve("clawdbot.db"))) {
            SessionStore old = new SessionStore(db, Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC));
            long idle = old.openOrCreate("main", "telegram", "42").id();
            for (int i = 1; i <= 3; i++) {
                old.commitTurn(idle, NOW.minus(Duration.ofHours(1)), "m", 1, 1, List.of(ChatMessage.user("q" + i), ChatMessage.assistant("a" + i)));
            }
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            SessionStore store = new SessionStore(db, clock);
            long active = store.openOrCreate("main", "telegram", "7").id();
            store.commitTurn(active, NOW.minusSeconds(10), "m", 1, 1, List.of(ChatMessage.user("x"), ChatMessage.assistant("y")));
            // Corruption written behind the store's back: turn 2's answer becomes an unanswered tool call.
            JdbcRunner jdbc = new JdbcRunner(db);
            String broken = "[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"n\",\"input\":{}}]";
            for (long s : new long[] {idle, active}) {
                jdbc.write("UPDATE agent_messages SET content = ? WHERE role = 'assistant' AND turn_id = "
                        + "(SELECT id FROM agent_turns WHERE session_id = ? AND seq = ?)", broken, s, s == idle ? 2 : 1);
            }
            WatchdogConfig config = new WatchdogConfig(List.of(), Duration.ofMinutes(2),
                    List.of("/bin/sh", "-c", "echo restarted >> '" + hookLog + "'"), Duration.ofSeconds(30));
            SessionWatchdog wd = new SessionWatchdog(config, db, null, notices::add, events::add, clock);

            List<String> lines = wd.run(NOW);

            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("db:main:telegram:42#" + idle + ": turn 2 (2 message(s)) copied"));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("restarted: /bin/sh"));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("WARNING db:main:telegram:7#" + active));
            assertThat(Files.readAllLines(hookLog)).containsExactly("restarted");
            assertThat(jdbc.query("SELECT m.content FROM agent_quarantined_messages m JOIN agent_quarantined_turns q ON q.id = m.quarantined_turn_id "
                    + "WHERE q.session_id = ? AND q.seq = 2 ORDER BY m.seq", rs -> rs.getString(1), idle)).containsExactly("[{\"type\":\"text\",\"text\":\"q2\"}]", broken);
            List<StoredTurn> replay = store.turnsAfter(idle, 0);
            assertThat(replay).extracting(StoredTurn::seq).containsExactly(1, 3);
            assertThat(replay).allSatisfy(t -> assertThat(TurnValidator.problem(t.messages())).isNull());
            assertThat(store.turnsAfter(active, 0)).singleElement().satisfies(t -> assertThat(TurnValidator.problem(t.messages())).isNotNull());
            Event repaired = events.stream().filter(e -> e.type().equals("ops.watchdog.repaired")).findFirst().orElseThrow();
            assertThat(repaired.level()).isEqualTo(10);
            assertThat(repaired.fields()).containsEntry("file", "db:main:telegram:42#" + idle).containsEntry("problems", "invalid_turn");
            assertThat(events).extracting(Event::type).containsExactly("ops.watchdog.repaired", "ops.watchdog.restart", "ops.watchdog.store_damaged");

            // A second round: nothing more to repair, no restart, the lasting problem is not told again.
            events.clear();
            assertThat(wd.run(NOW)).singleElement().asString().startsWith("WARNING db:main:telegram:7#");
            assertThat(events).isEmpty();
            assertThat(Files.readAllLines(hookLog)).containsExactly("restarted");
            assertThat(jdbc.count("SELECT COUNT(*) FROM agent_quarantined_turns")).isEqualTo(1);
        }
    }

    @Test
    void repairStoreIsOnByDefaultAndOffWithCheckStore() throws Exception {
        WatchdogConfig off = new WatchdogConfig(List.of(), null, null, null, null, true, false);
        assertThat(off.repairStore()).isFalse();
        assertThat(new WatchdogConfig(List.of(), null, null, null, null, false, null).repairStore()).isFalse();
        assertThat(new WatchdogConfig(List.of(), null, null, null).repairStore()).isTrue();
    }
}
