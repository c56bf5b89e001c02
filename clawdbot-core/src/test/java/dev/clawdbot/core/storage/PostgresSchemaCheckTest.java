package dev.clawdbot.core.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.sql.SQLException;

/** The same shortcut contract on a real PostgreSQL, one new database per test. */
class PostgresSchemaCheckTest extends SchemaCheckContract {

    private static PostgresFixture pg;

    @BeforeAll
    static void start() throws IOException {
        pg = PostgresFixture.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pg != null) pg.close();
    }

    @Override
    DatabaseSettings freshDatabase() throws SQLException {
        return pg.freshDatabase("schema_check_");
    }
}
