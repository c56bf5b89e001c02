package dev.clawdbot.core.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One real PostgreSQL 14 for a test class, started from the binaries in the zonky jar (no download), and the pools
 * opened on it; {@link #close} closes the pools, then the server. Core's own Postgres tests share it (core's tests
 * cannot use clawdbot-testkit).
 */
public final class PostgresFixture implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private final List<Database> pools = new ArrayList<>();
    private int databases;

    private PostgresFixture(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public static PostgresFixture start() throws IOException {
        return new PostgresFixture(EmbeddedPostgres.builder().start());
    }

    /** A new pool on the server's {@code postgres} database. */
    public Database open() {
        Database db = Database.open(new DatabaseSettings(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 0));
        pools.add(db);
        return db;
    }

    /** The settings of a new, empty database named {@code prefix} plus a counter. */
    public DatabaseSettings freshDatabase(String prefix) throws SQLException {
        String name = prefix + (databases++);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE DATABASE " + name);
        }
        return new DatabaseSettings(pg.getJdbcUrl("postgres", name), "postgres", null, 0);
    }

    @Override
    public void close() throws IOException {
        pools.forEach(Database::close);
        pg.close();
    }
}
