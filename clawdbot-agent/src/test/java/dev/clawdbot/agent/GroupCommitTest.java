package dev.clawdbot.agent;

import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.StorageException;
import dev.clawdbot.llm.ChatMessage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Turns waiting together are written in one transaction; each is acknowledged only once it is committed; a bad one fails alone. */
class GroupCommitTest {

    @TempDir
    Path dir;

    private static List<ChatMessage> turn(String text) {
        return List.of(ChatMessage.user(text), ChatMessage.assistant("re: " + text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void waitingTurnsShareOneTransactionAndAreAcknowledgedAfterItCommits(String engine) throws Exception {
        try (Database db = SharedPostgres.open(engine, dir.resolve("g.db"), "agent", 4)) {
            GroupCommit commits = new GroupCommit(db);
            SessionStore store = new SessionStore(db, Fixture.CLOCK, commits);
            SessionStore plain = new SessionStore(db, Fixture.CLOCK);
            List<SessionInfo> sessions = new ArrayList<>();
            for (int i = 0; i < 6; i++) sessions.add(store.openOrCreate("dakota", "test", "p" + i));

            // Hold the writer inside a first transaction so that the next turns queue up behind it.
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> blocker = CompletableFuture.supplyAsync(() -> commits.run(c -> {
                inside.countDown();
                hold(release);
                return "first";
            }));
            assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (SessionInfo s : sessions) {
                waiting.add(CompletableFuture.supplyAsync(() -> store.commitTurn(s.id(), Fixture.CLOCK.instant(), "m", 1, 1, turn("t" + s.peer())),
                        runnable -> Thread.ofVirtual().start(runnable)));
            }
            CompletableFuture<Integer> bad = CompletableFuture.supplyAsync(() -> commits.run(c -> {
                try (var st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO agent_turns (session_id, seq, started_at, completed_at) VALUES (" + sessions.getFirst().id()
                            + ", 99, 'x', 'x')");
                    st.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                }
                return 0;
            }), runnable -> Thread.ofVirtual().start(runnable));
            await().atMost(java.time.Duration.ofSeconds(20)).until(() -> commits.queued() == sessions.size() + 1);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            for (SessionInfo s : sessions) assertThat(plain.turnCount(s.id())).as("nothing visible before the commit").isZero();

            release.countDown();
            assertThat(blocker.get(20, TimeUnit.SECONDS)).isEqualTo("first");
            for (CompletableFuture<Integer> w : waiting) assertThat(w.get(20, TimeUnit.SECONDS)).isEqualTo(1);
            assertThatThrownBy(() -> bad.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.class);
            for (SessionInfo s : sessions) assertThat(plain.turnsAfter(s.id(), 0)).singleElement().satisfies(t -> assertThat(t.seq()).isEqualTo(1));
            assertThat(plain.turnsAfter(sessions.getFirst().id(), 1)).as("the failed work's first insert was rolled back").isEmpty();
            assertThat(commits.transactions()).as("the first transaction, then one for the six turns and the failed work").isEqualTo(2);
        }
    }

    /** Fifty sessions committing at once: every turn is stored whole, in order, with fewer transactions than turns or as many. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrentTurnsAreAllCommittedInOrder(String engine) throws Exception {
        try (Database db = SharedPostgres.open(engine, dir.resolve("c.db"), "agent", 4)) {
            GroupCommit commits = new GroupCommit(db);
            SessionStore store = new SessionStore(db, Fixture.CLOCK, commits);
            List<SessionInfo> sessions = new ArrayList<>();
            for (int i = 0; i < 50; i++) sessions.add(store.openOrCreate("dakota", "test", "c" + i));
            List<Thread> threads = new ArrayList<>();
            for (SessionInfo s : sessions) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int t = 1; t <= 4; t++) {
                        assertThat(store.commitTurn(s.id(), Fixture.CLOCK.instant(), "m", 1, 1, turn(s.peer() + "-" + t))).isEqualTo(t);
                    }
                }));
            }
            for (Thread t : threads) t.join(60_000);
            for (SessionInfo s : sessions) {
                assertThat(store.turnsAfter(s.id(), 0)).extracting(t -> t.messages().getFirst().text())
                        .containsExactly(s.peer() + "-1", s.peer() + "-2", s.peer() + "-3", s.peer() + "-4");
                assertThat(store.findById(s.id()).orElseThrow().inputTokens()).isEqualTo(4);
            }
            assertThat(commits.transactions()).isBetween(1L, 200L);
            assertThat(commits.queued()).isZero();
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) throw new SQLException("never released");
        } catch (InterruptedException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
