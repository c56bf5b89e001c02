package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Tests of two processes on one database, on both engines: each {@link #open} is another pool on the same SQLite
 * file ({@code dir}) or the same embedded PostgreSQL (started at the first call, stopped after the class).
 */
abstract class TwoPools {
    @TempDir
    Path dir;
    private static EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) postgres.close();
        postgres = null;
    }

    Database open(String engine) throws Exception {
        if (engine.equals("sqlite")) return Database.sqlite(dir.resolve("fleet.db"));
        if (postgres == null) postgres = EmbeddedPostgres.start();
        return Database.open(new DatabaseSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2));
    }
}
