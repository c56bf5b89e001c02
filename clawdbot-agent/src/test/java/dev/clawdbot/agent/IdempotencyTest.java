package dev.clawdbot.agent;

import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Exactly-once hand-off: a message id is committed with its turn; a re-submission never runs the model twice. */
class IdempotencyTest {

    @TempDir
    Path dir;

    private Database open(String engine) throws Exception {
        return SharedPostgres.open(engine, dir.resolve("data/clawdbot.db"), "agent", 4);
    }

    /** A gateway on the given database, as after a (re)start of the process. */
    private AgentGateway gateway(Database db, ScriptedRouter router, RecordingEvents events) {
        return Agents.create(AgentsConfig.DEFAULTS, dir.resolve("config"), db, router, List.of(), Fixture.GUARD, events, Fixture.CLOCK);
    }

    static InboundMessage keyed(String channel, String peer, String text, String key) {
        return new InboundMessage(null, new Caller(channel, peer, null), text, Fixture.CLOCK.instant(), false, key);
    }

    static Recorder send(AgentGateway g, InboundMessage m) {
        Recorder r = new Recorder();
        g.submit(m, r);
        return r;
    }

    private static int turns(AgentGateway g, String peer) {
        return g.sessions().findActive(SessionInfo.key("dakota", "telegram", peer)).map(s -> g.sessions().turnCount(s.id())).orElse(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void sameKeyTwiceRunsTheModelOnceAndRepeatsTheReply(String engine) throws Exception {
        ScriptedRouter router = new ScriptedRouter();
        RecordingEvents events = new RecordingEvents();
        try (Database db = open(engine); AgentGateway g = gateway(db, router, events)) {
            router.thenText("First answer");
            Reply first = send(g, keyed("telegram", "1", "hello", "update-100")).awaitReply();
            Recorder again = send(g, keyed("telegram", "1", "hello", "update-100"));
            Reply second = again.awaitReply();
            assertThat(second.text()).isEqualTo("First answer").isEqualTo(first.text());
            assertThat(second.model()).isEqualTo(first.model());
            assertThat(second.sessionKey()).isEqualTo(first.sessionKey());
            assertThat(router.requests).hasSize(1);
            assertThat(turns(g, "1")).isEqualTo(1);
            assertThat(events.ofType("turn.deduplicated")).singleElement()
                    .satisfies(e -> assertThat(e.fields()).containsEntry("stage", "committed").doesNotContainValue("update-100"));
            // A different key, and the same key on another channel, are other messages.
            assertThat(send(g, keyed("telegram", "1", "hello", "update-101")).awaitReply().text()).isEqualTo("echo: hello");
            assertThat(send(g, keyed("http", "1", "hello", "update-100")).awaitReply().text()).isEqualTo("echo: hello");
            assertThat(router.requests).hasSize(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void committedKeySurvivesARestartAndASessionReset(String engine) throws Exception {
        ScriptedRouter router = new ScriptedRouter();
        try (Database db = open(engine)) {
            try (AgentGateway g = gateway(db, router, new RecordingEvents())) {
                assertThat(send(g, keyed("telegram", "5", "what time is it", "u-7")).awaitReply().text()).isEqualTo("echo: what time is it");
                assertThat(send(g, keyed("telegram", "5", "/new", "u-8")).awaitReply().text()).isNotBlank();
            }
            try (AgentGateway restarted = gateway(db, router, new RecordingEvents())) {
                Reply again = send(restarted, keyed("telegram", "5", "what time is it", "u-7")).awaitReply();
                assertThat(again.text()).isEqualTo("echo: what time is it");
                assertThat(router.requests).hasSize(1);
                assertThat(turns(restarted, "5")).as("the fresh session after /new").isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void keyStillInFlightDoesNotStartASecondRun(String engine) throws Exception {
        ScriptedRouter router = new ScriptedRouter();
        RecordingEvents events = new RecordingEvents();
        try (Database db = open(engine); AgentGateway g = gateway(db, router, events)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            router.then(ScriptedRouter.blocking(started, release, "slow answer"));
            Recorder first = send(g, keyed("telegram", "2", "question", "k-1"));
            assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Recorder second = send(g, keyed("telegram", "2", "question", "k-1"));
            Recorder third = send(g, keyed("telegram", "2", "question", "k-1"));
            assertThat(g.queueDepth("dakota:telegram:2")).as("duplicates are not queued").isZero();
            release.countDown();
            assertThat(first.awaitReply().text()).isEqualTo("slow answer");
            assertThat(second.awaitReply().text()).isEqualTo("slow answer");
            assertThat(third.awaitReply().text()).isEqualTo("slow answer");
            assertThat(router.requests).hasSize(1);
            assertThat(turns(g, "2")).isEqualTo(1);
            assertThat(events.ofType("turn.deduplicated")).hasSize(2).allSatisfy(e -> assertThat(e.fields()).containsEntry("stage", "in_flight"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void crashBetweenModelReplyAndCommitRunsOnceMoreAndCommitsOnce(String engine) throws Exception {
        ScriptedRouter router = new ScriptedRouter();
        try (Database db = open(engine)) {
            try (AgentGateway g = gateway(db, router, new RecordingEvents())) {
                failCommits(db, engine, true);
                router.thenText("lost answer");
                ChatError e = send(g, keyed("telegram", "3", "do it", "m-9")).awaitError();
                assertThat(e.code()).isEqualTo("storage_error");
                assertThat(turns(g, "3")).isZero();
                assertThat(g.sessions().committedReply("dakota", "telegram", "m-9")).isEmpty();
                failCommits(db, engine, false);
            }
            try (AgentGateway restarted = gateway(db, router, new RecordingEvents())) {
                router.thenText("kept answer");
                assertThat(send(restarted, keyed("telegram", "3", "do it", "m-9")).awaitReply().text()).isEqualTo("kept answer");
                assertThat(send(restarted, keyed("telegram", "3", "do it", "m-9")).awaitReply().text()).isEqualTo("kept answer");
                assertThat(router.requests).as("one run before the crash, one after, none for the last").hasSize(2);
                assertThat(turns(restarted, "3")).isEqualTo(1);
            }
        }
    }

    /** Two processes on one database take the same message at once: one turn is committed, both answer with it. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void twoGatewaysRacingOnOneKeyCommitOnce(String engine) throws Exception {
        ScriptedRouter routerA = new ScriptedRouter();
        ScriptedRouter routerB = new ScriptedRouter();
        RecordingEvents eventsA = new RecordingEvents();
        RecordingEvents eventsB = new RecordingEvents();
        try (Database db = open(engine); AgentGateway a = gateway(db, routerA, eventsA); AgentGateway b = gateway(db, routerB, eventsB)) {
            CountDownLatch bothStarted = new CountDownLatch(2);
            CountDownLatch releaseA = new CountDownLatch(1);
            CountDownLatch releaseB = new CountDownLatch(1);
            routerA.then(ScriptedRouter.blocking(bothStarted, releaseA, "answer from A"));
            routerB.then(ScriptedRouter.blocking(bothStarted, releaseB, "answer from B"));
            Recorder ra = send(a, keyed("telegram", "4", "race", "r-1"));
            Recorder rb = send(b, keyed("telegram", "4", "race", "r-1"));
            assertThat(bothStarted.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            releaseA.countDown();
            assertThat(ra.awaitReply().text()).isEqualTo("answer from A");
            releaseB.countDown();
            Reply fromB = rb.awaitReply();
            assertThat(fromB.text()).isEqualTo("answer from A");
            assertThat(rb.deltas.toString()).as("B's streamed text is taken back").isEqualTo("answer from A");
            assertThat(turns(a, "4")).isEqualTo(1);
            assertThat(eventsB.ofType("turn.deduplicated")).singleElement().satisfies(e -> assertThat(e.fields()).containsEntry("stage", "commit"));
            assertThat(eventsB.ofType("turn.completed")).isEmpty();
        }
    }

    private static void failCommits(Database db, String engine, boolean fail) {
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                if (engine.equals("sqlite")) {
                    st.execute(fail ? "CREATE TRIGGER crash BEFORE INSERT ON agent_idempotency BEGIN SELECT RAISE(ABORT, 'simulated crash'); END"
                            : "DROP TRIGGER crash");
                } else if (fail) {
                    st.execute("CREATE FUNCTION crash() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql");
                    st.execute("CREATE TRIGGER crash BEFORE INSERT ON agent_idempotency FOR EACH ROW EXECUTE FUNCTION crash()");
                } else {
                    st.execute("DROP TRIGGER crash ON agent_idempotency");
                }
            }
            return null;
        });
    }
}
