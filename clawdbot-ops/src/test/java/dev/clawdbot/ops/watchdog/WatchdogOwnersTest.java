package dev.clawdbot.ops.watchdog;

import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.ops.engine.Engine;
import dev.clawdbot.ops.engine.EngineClient;
import dev.clawdbot.ops.engine.EngineFixtures;
import dev.clawdbot.ops.engine.FakeEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog's other owners: a container restarted through the Engine API, and Clawdbot's own session store. */
class WatchdogOwnersTest {
    @TempDir
    Path dir;

    final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Test
    void aRoundThatRepairsRestartsTheConfiguredContainerOnceThroughTheEngineApi() throws Exception {
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Path transcripts = dir.resolve("projects");
        for (String name : List.of("s1.jsonl", "s2.jsonl")) {
            Path f = transcripts.resolve(name);
            Files.createDirectories(f.getParent());
            Files.writeString(f, SessionWatchdogTest.GOOD + SessionWatchdogTest.TORN);
            Files.setLastModifiedTime(f, FileTime.from(now.minusSeconds(3600)));
        }
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            WatchdogConfig config = new WatchdogConfig(List.of(transcripts), Duration.ofSeconds(60), null, null,
                    EngineFixtures.WEB, false);
            SessionWatchdog wd = new SessionWatchdog(config, null, new Engine(new EngineClient(fake.socket())), notices::add, events::add, clock);
            List<String> first = wd.run(now);
            assertThat(first).contains("restarted container: " + EngineFixtures.WEB);
            assertThat(fake.restarts()).isEqualTo(1);
            assertThat(fake.requests()).containsExactly("POST /containers/" + EngineFixtures.WEB + "/restart?t=10");
            assertThat(events).filteredOn(e -> e.type().equals("ops.watchdog.restart")).singleElement()
                    .satisfies(e -> assertThat(e.level()).isEqualTo(7));
            // Nothing left to repair: no second restart.
            assertThat(wd.run(now)).isEmpty();
            assertThat(fake.restarts()).isEqualTo(1);
        }
    }

    @Test
    void aMissingContainerIsAWarningAndANoticeNotAnException() throws Exception {
        Instant now = Instant.now();
        Path f = dir.resolve("t/s.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, SessionWatchdogTest.GOOD + SessionWatchdogTest.TORN);
        Files.setLastModifiedTime(f, FileTime.from(now.minusSeconds(3600)));
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            WatchdogConfig config = new WatchdogConfig(List.of(f.getParent()), null, null, null, "gone", false);
            List<String> lines = new SessionWatchdog(config, null, new Engine(new EngineClient(fake.socket())), notices::add, events::add,
                    Clock.fixed(now, ZoneOffset.UTC)).run(now);
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("WARNING restart of container gone failed: ").contains("HTTP 404"));
            assertThat(notices).anySatisfy(n -> assertThat(n.level()).isEqualTo(10));
        }
    }

    @Test
    void theSessionStoreIsCheckedEachRoundAndANewProblemIsToldOnce() throws Exception {
        Instant now = Instant.parse("2026-12-07T04:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (Database db = Database.sqlite(dir.resolve("clawdbot.db"))) {
            long session = new SessionStore(db, clock).openOrCreate("main", "telegram", "42").id();
            db.inTransaction(c -> {
                try (PreparedStatement t = c.prepareStatement("INSERT INTO agent_turns (session_id, seq, started_at, completed_at) VALUES (?, 1, ?, ?)")) {
                    t.setLong(1, session);
                    t.setString(2, now.toString());
                    t.setString(3, now.toString());
                    t.executeUpdate();
                }
                try (PreparedStatement m = c.prepareStatement("INSERT INTO agent_messages (turn_id, seq, role, content) "
                        + "SELECT id, 1, 'user', '{not json' FROM agent_turns WHERE session_id = ?")) {
                    m.setLong(1, session);
                    return m.executeUpdate();
                }
            });
            SessionWatchdog wd = new SessionWatchdog(new WatchdogConfig(List.of(), null, null, null), db, null, notices::add, events::add, clock);
            assertThat(wd.run(now)).singleElement().asString().startsWith("WARNING ").contains("invalid turn", "unreadable message content");
            assertThat(wd.run(now)).hasSize(1);
            assertThat(events).filteredOn(e -> e.type().equals("ops.watchdog.store_damaged")).hasSize(1);
            assertThat(notices).singleElement().extracting(OperatorNotice::subject).isEqualTo("Session watchdog: 1 problem(s) in the session store");
        }
    }
}
