package dev.clawdbot.core.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The same contract on a real PostgreSQL 14 started from the binaries in the zonky jar (no download). */
class PostgresDatabaseTest extends DatabaseContract {

    private static EmbeddedPostgres pg;
    private static Database db;

    @BeforeAll
    static void start() throws IOException {
        pg = EmbeddedPostgres.builder().start();
        db = Database.open(new DatabaseSettings(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 0));
    }

    @AfterAll
    static void stop() throws IOException {
        if (db != null) db.close();
        if (pg != null) pg.close();
    }

    @Override
    Database db() {
        return db;
    }

    @Test
    void isPostgres() {
        assertThat(db.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
    }

    /** {@link JdbcRunner} on the same database. */
    @Nested
    class Runner extends JdbcRunnerContract {
        @Override
        Database db() {
            return db;
        }
    }
}
