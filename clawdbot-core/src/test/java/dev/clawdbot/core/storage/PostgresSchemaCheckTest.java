package dev.clawdbot.core.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The same shortcut contract on a real PostgreSQL, one new database per test. */
class PostgresSchemaCheckTest extends SchemaCheckContract {

    private static EmbeddedPostgres pg;
    private static int n;

    @BeforeAll
    static void start() throws IOException {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pg != null) pg.close();
    }

    @Override
    DatabaseSettings freshDatabase() throws SQLException {
        String name = "schema_check_" + (n++);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE DATABASE " + name);
        }
        return new DatabaseSettings(pg.getJdbcUrl("postgres", name), "postgres", null, 0);
    }
}
