package dev.clawdbot.testkit.db;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One embedded PostgreSQL (zonky's bundled binaries, no download) for the whole test JVM, started on first use and
 * stopped by a shutdown hook, and a fresh empty database on it for each caller, so tests that run a store on both
 * engines neither start a server per class nor clean tables between cases. Core's own tests use core's
 * {@code PostgresFixture} (they cannot depend on the testkit).
 */
public final class SharedPostgres {
    private static EmbeddedPostgres pg;
    private static int databases;

    private SharedPostgres() {
    }

    /** The settings (pool of {@code poolSize}) of a new, empty database named {@code prefix} plus a counter. */
    public static synchronized DatabaseSettings freshDatabase(String prefix, int poolSize) {
        String name = prefix + (++databases);
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + ": " + e.getMessage(), e);
        }
        return new DatabaseSettings(pg.getJdbcUrl("postgres", name), "postgres", null, poolSize);
    }

    /**
     * The store's database on {@code engine}: "sqlite" opens {@code sqliteFile}; "postgres" or "postgresql" a pool on
     * a {@link #freshDatabase fresh database}.
     */
    public static Database open(String engine, Path sqliteFile, String prefix, int poolSize) {
        return switch (engine) {
            case "sqlite" -> Database.sqlite(sqliteFile);
            case "postgres", "postgresql" -> Database.open(freshDatabase(prefix, poolSize));
            default -> throw new IllegalArgumentException("engine: " + engine);
        };
    }

    private static EmbeddedPostgres server() {
        if (pg == null) {
            try {
                pg = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    System.err.println("embedded PostgreSQL did not stop: " + e);
                }
            }));
        }
        return pg;
    }
}
