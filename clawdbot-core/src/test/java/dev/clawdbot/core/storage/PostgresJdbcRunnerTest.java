package dev.clawdbot.core.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The same contract on a real PostgreSQL (zonky's embedded binaries). */
class PostgresJdbcRunnerTest extends JdbcRunnerContract {

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
}
