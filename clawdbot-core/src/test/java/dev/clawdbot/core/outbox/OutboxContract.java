package dev.clawdbot.core.outbox;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What {@link Outbox} guarantees on every engine; run against SQLite and embedded PostgreSQL. */
abstract class OutboxContract {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Backoff NO_JITTER = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1), 0);

    final TestClock clock = new TestClock(T0);

    /** A migrated database. */
    abstract Database db();

    /** A second pool on the same database, as a second process would open it. */
    abstract Database secondPool();

    /** Closes the database and opens it again, as a restart does. */
    abstract Database reopen();

    Outbox outbox(Database db, String owner) {
        return new Outbox(db, "q", clock, LEASE, NO_JITTER, 4, owner, new Random(7));
    }

    @BeforeEach
    void empty() {
        db().inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM outbox");
            }
            return null;
        });
    }

    @Test
    void aRowIsClaimedOnceAndCompletedOnce() {
        Outbox box = outbox(db(), "a");
        long id = box.add("p1", T0);
        box.add("later", T0.plusSeconds(60));
        List<OutboxItem> first = box.claim(10);
        assertThat(first).extracting(OutboxItem::id, OutboxItem::payload, OutboxItem::attempts).containsExactly(org.assertj.core.groups.Tuple.tuple(id, "p1", 0));
        assertThat(box.claim(10)).as("claimed rows are not due until the lease ends").isEmpty();
        assertThat(box.complete(first.get(0), "sent")).isTrue();
        assertThat(box.complete(first.get(0), "sent")).as("a second completion changes nothing").isFalse();
        assertThat(box.count(OutboxStatus.DONE)).isEqualTo(1);
        assertThat(box.finished("sent", T0.minusMillis(1))).extracting(Outbox.Finished::payload).containsExactly("p1");
        assertThat(box.nextDue()).contains(T0.plusSeconds(60));
        clock.advance(LEASE.plusSeconds(1));
        assertThat(box.claim(10)).extracting(OutboxItem::payload).containsExactly("later");
    }

    @Test
    void concurrentClaimersFromTwoPoolsHandEachRowToExactlyOne() throws Exception {
        Outbox seed = outbox(db(), "seed");
        for (int i = 0; i < 120; i++) seed.add("row" + i, T0);
        List<Outbox> claimers = List.of(outbox(db(), "a"), outbox(secondPool(), "b"), outbox(db(), "c"), outbox(secondPool(), "d"));
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Outbox o : claimers) {
                fs.add(pool.submit(() -> {
                    go.await();
                    List<OutboxItem> got;
                    do {
                        got = o.claim(7);
                        for (OutboxItem it : got) {
                            seen.add(it.id());
                            all.add(it.id());
                            assertThat(o.complete(it, "ok")).isTrue();
                        }
                    } while (!got.isEmpty());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(all).hasSize(120);
        assertThat(seen).hasSize(120);
        assertThat(seed.count(OutboxStatus.DONE)).isEqualTo(120);
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCapAndFailAfterMaxAttempts() {
        Outbox box = outbox(db(), "a");
        box.add("flaky", T0);
        List<Duration> waits = new ArrayList<>();
        OutboxItem item = box.claim(1).get(0);
        for (int attempt = 1; attempt < 4; attempt++) {
            Instant failedAt = clock.instant();
            assertThat(box.retry(item, "smtp said no " + attempt)).contains(OutboxStatus.PENDING);
            Instant due = box.nextDue().orElseThrow();
            waits.add(Duration.between(failedAt, due));
            assertThat(box.claim(1)).as("not due before the back-off ends").isEmpty();
            clock.advance(Duration.between(failedAt, due));
            item = box.claim(1).get(0);
            assertThat(item.attempts()).isEqualTo(attempt);
            assertThat(item.lastError()).isEqualTo("smtp said no " + attempt);
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(box.retry(item, "still no")).contains(OutboxStatus.FAILED);
        assertThat(box.count(OutboxStatus.FAILED)).isEqualTo(1);
        assertThat(box.nextDue()).isEmpty();
    }

    @Test
    void deferDoesNotCountAnAttemptAndFailIsFinal() {
        Outbox box = outbox(db(), "a");
        box.add("limited", T0);
        box.add("hopeless", T0);
        List<OutboxItem> items = box.claim(2);
        assertThat(box.defer(items.get(0), T0.plusSeconds(30))).isTrue();
        assertThat(box.fail(items.get(1), "no such recipient")).isTrue();
        clock.advance(Duration.ofSeconds(30));
        List<OutboxItem> again = box.claim(5);
        assertThat(again).extracting(OutboxItem::payload, OutboxItem::attempts).containsExactly(org.assertj.core.groups.Tuple.tuple("limited", 0));
        assertThat(box.count(OutboxStatus.FAILED)).isEqualTo(1);
    }

    @Test
    void rowsClaimedByAProcessThatDiedAreDueAgainAfterTheLeaseAcrossARestart() {
        Outbox dying = outbox(db(), "host-a:111");
        dying.add("mail the operator", T0);
        OutboxItem lost = dying.claim(1).get(0);
        // The process dies here: no completion. The next one opens the same database.
        Database after = reopen();
        Outbox next = outbox(after, "host-a:222");
        assertThat(next.claim(1)).as("the lease still holds").isEmpty();
        assertThat(next.nextDue()).contains(T0.plus(LEASE));
        clock.advance(LEASE);
        OutboxItem again = next.claim(1).get(0);
        assertThat(again.id()).isEqualTo(lost.id());
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("lease expired (claimed by host-a:111)");
        assertThat(new Outbox(after, "q", clock, LEASE, NO_JITTER, 4, "host-a:111", new Random(1)).complete(lost, "sent"))
                .as("the first claimer, had it only hung, can no longer finish the row").isFalse();
        assertThat(next.complete(again, "sent")).isTrue();
    }

    @Test
    void aRowWhoseLeasesKeepRunningOutFailsAfterMaxAttempts() {
        Outbox box = outbox(db(), "a");
        box.add("poison", T0);
        for (int i = 0; i < 4; i++) {
            assertThat(box.claim(1)).extracting(OutboxItem::attempts).containsExactly(i);
            clock.advance(LEASE);
        }
        assertThat(box.claim(1)).isEmpty();
        assertThat(box.count(OutboxStatus.FAILED)).isEqualTo(1);
    }

    @Test
    void theWorkerIsWokenByAddAndRecordsEachOutcome() {
        Outbox box = outbox(db(), "w");
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        try (OutboxWorker worker = new OutboxWorker(box, item -> {
            handled.add(item.payload() + "#" + item.attempts());
            return switch (item.payload()) {
                case "boom" -> throw new IllegalStateException("handler bug");
                case "later" -> new OutboxWorker.Outcome.Defer(clock.instant().plusSeconds(60));
                default -> new OutboxWorker.Outcome.Done("ok");
            };
        }, clock, Duration.ofMinutes(10)).start()) {
            box.add("hello", T0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> box.count(OutboxStatus.DONE) == 1);
            box.add("boom", T0);
            box.add("later", T0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 3);
            clock.advance(Duration.ofSeconds(60));
            worker.wake();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 5);
            assertThat(handled).containsExactlyInAnyOrder("hello#0", "boom#0", "later#0", "boom#1", "later#0");
        }
    }

    /** A one-shot command's notifier builds workers it never starts: closing them must not throw (JDK 25's join does). */
    @Test
    void aWorkerNeverStartedClosesQuietlyAndLeavesItsRowsToTheServer() {
        Outbox box = outbox(db(), "cli");
        box.add("notice", T0);
        OutboxWorker worker = new OutboxWorker(box, item -> new OutboxWorker.Outcome.Done("sent"), clock, Duration.ofMinutes(10));

        assertThatCode(worker::close).doesNotThrowAnyException();
        assertThat(box.count(OutboxStatus.PENDING)).isEqualTo(1);
        assertThat(box.count(OutboxStatus.DONE)).isZero();
    }
}
