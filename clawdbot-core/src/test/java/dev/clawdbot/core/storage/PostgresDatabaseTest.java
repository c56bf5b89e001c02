package dev.clawdbot.core.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The same contract on a real PostgreSQL 14 started from the binaries in the zonky jar (no download). */
class PostgresDatabaseTest extends DatabaseContract {

    private static PostgresFixture pg;
    private static Database db;

    @BeforeAll
    static void start() throws IOException {
        pg = PostgresFixture.start();
        db = pg.open();
    }

    @AfterAll
    static void stop() throws IOException {
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
