package dev.clawdbot.agent;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;

/** The two engines the store runs on: SQLite in a file, or a fresh database on one embedded PostgreSQL shared by the test JVM. */
final class TestDatabases {

    private static EmbeddedPostgres pg;
    private static int counter;

    private TestDatabases() {
    }

    /** {@code engine} is "sqlite" (at {@code sqliteFile}) or "postgresql". */
    static synchronized Database open(String engine, Path sqliteFile) throws IOException, java.sql.SQLException {
        if (engine.equals("sqlite")) return Database.sqlite(sqliteFile);
        if (pg == null) {
            pg = EmbeddedPostgres.builder().start();
            EmbeddedPostgres started = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    System.err.println("embedded PostgreSQL did not stop: " + e);
                }
            }));
        }
        String name = "agent" + (++counter);
        try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return Database.open(new DatabaseSettings(pg.getJdbcUrl("postgres", name), "postgres", null, 4));
    }
}
