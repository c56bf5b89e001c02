package dev.clawdbot.llm;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.db.SharedPostgres;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The same budget rules over the in-memory ledger and the database ledger on SQLite and PostgreSQL. */
class TokenBudgetTest {

    @TempDir
    Path dir;
    Database db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T18:00:00Z"));

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    TokenLedger ledger(String kind) {
        if (kind.equals("memory")) return TokenLedger.inMemory();
        db = SharedPostgres.open(kind, dir.resolve("state.db"), "llm", 2);
        return TokenLedger.database(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "postgres"})
    void perAgentDailyLimitResetsAtMidnightInTheConfiguredZone(String kind) throws Exception {
        // 18:00Z is 23:30 in Kolkata; 18:40Z is already the next day there.
        TokenBudget b = new TokenBudget(new ModelsConfig.Budgets(null, 1000L, null, "Asia/Kolkata"), ledger(kind), clock, null);
        b.record("dakota", "s1", "anthropic/claude", new Usage(700, 300, 50, 0));
        ModelException e = catchThrowableOfType(ModelException.class, () -> b.check("dakota", "s2"));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.BUDGET_EXCEEDED);
        assertThat(e.getMessage()).contains("agent 'dakota' has used 1000 of its 1000 tokens for 2026-11-23")
                .contains("models.budgets.perAgentPerDay").contains("resets at 2026-11-24T00:00+05:30, in 30 min");
        assertThatCode(() -> b.check("sysadmin", "s3")).doesNotThrowAnyException();
        clock.advance(Duration.ofMinutes(40));
        assertThatCode(() -> b.check("dakota", "s2")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "postgres"})
    void perSessionAndPerDayLimits(String kind) throws Exception {
        TokenBudget b = new TokenBudget(new ModelsConfig.Budgets(500L, null, 900L, null), ledger(kind), clock, null);
        b.record("dakota", "s1", "m", new Usage(400, 99, 0, 0));
        assertThatCode(() -> b.check("dakota", "s1")).doesNotThrowAnyException();
        b.record("dakota", "s1", "m", new Usage(1, 0, 0, 0));
        assertThat(catchThrowableOfType(ModelException.class, () -> b.check("dakota", "s1")).getMessage())
                .contains("this session has used 500 of its 500 tokens");
        b.record("sysadmin", "s9", "m", new Usage(300, 100, 0, 0));
        ModelException e = catchThrowableOfType(ModelException.class, () -> b.check("dakota", "s2"));
        assertThat(e.getMessage()).contains("all agents together have used 900 of the 900 tokens allowed for 2026-11-23")
                .contains("resets at 2026-11-24T00:00Z");
        clock.advance(Duration.ofHours(7));
        assertThatCode(() -> b.check("dakota", "s2")).doesNotThrowAnyException();
    }
    /** Twenty concurrent calls on a 500-token session limit, each estimated and using 100: exactly five run. */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "postgres"})
    void concurrentReservationsCannotOvershootTheLimit(String kind) throws Exception {
        TokenBudget b = new TokenBudget(new ModelsConfig.Budgets(500L, null, null, null), ledger(kind), clock, null);
        int callers = 20;
        CyclicBarrier allTried = new CyclicBarrier(callers);
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                TokenBudget.Reservation r = null;
                try {
                    r = b.reserve("dakota", "s1", 100);
                    ran.incrementAndGet();
                } catch (ModelException e) {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.BUDGET_EXCEEDED);
                    refused.incrementAndGet();
                }
                try {
                    // Every caller has tried before any call finishes: the worst case for check-then-record.
                    allTried.await(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (r != null) {
                    r.settle("m", new Usage(60, 40, 0, 0));
                    r.close();
                }
            }));
        }
        for (Thread t : threads) t.join(30_000);
        assertThat(ran.get()).isEqualTo(5);
        assertThat(refused.get()).isEqualTo(15);
        assertThat(b.held()).isZero();
        assertThat(catchThrowableOfType(ModelException.class, () -> b.check("dakota", "s1")).getMessage())
                .contains("this session has used 500 of its 500 tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite", "postgres"})
    void heldTokensCountUntilSettledOrGivenBack(String kind) throws Exception {
        TokenBudget b = new TokenBudget(new ModelsConfig.Budgets(null, 1000L, null, null), ledger(kind), clock, null);
        TokenBudget.Reservation big = b.reserve("dakota", "s1", 900);
        assertThatCode(() -> b.reserve("dakota", "s2", 50).close()).doesNotThrowAnyException();
        TokenBudget.Reservation second = b.reserve("dakota", "s3", 100);
        assertThat(catchThrowableOfType(ModelException.class, () -> b.reserve("dakota", "s4", 1)).getMessage())
                .contains("agent 'dakota' has used 1000 of its 1000 tokens");
        // The call used less than estimated: its usage is recorded, the rest is given back.
        big.settle("m", new Usage(200, 100, 0, 0));
        assertThat(b.held()).isEqualTo(600 + 100);
        big.close();
        big.close();
        assertThat(b.held()).isEqualTo(100);
        // A failed call records nothing and holds nothing once closed.
        second.close();
        assertThat(b.held()).isZero();
        assertThatCode(() -> b.reserve("dakota", "s4", 700).close()).doesNotThrowAnyException();
        assertThat(TokenBudget.unlimited(TokenLedger.inMemory(), clock).reserve("x", "y", 10)).isNotNull();
    }
}
