package dev.clawdbot.llm;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

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

    static EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) postgres.close();
    }

    TokenLedger ledger(String kind) throws Exception {
        switch (kind) {
            case "memory" -> {
                return TokenLedger.inMemory();
            }
            case "sqlite" -> db = Database.sqlite(dir.resolve("state.db"));
            default -> {
                if (postgres == null) postgres = EmbeddedPostgres.start();
                db = Database.open(new DatabaseSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2));
                db.withConnection(c -> c.createStatement().executeUpdate("DELETE FROM llm_token_usage"));
            }
        }
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
}
