package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import dev.clawdbot.testkit.db.SharedPostgres;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Tests of two processes on one database, on both engines: each {@link #open} is another pool on the same SQLite
 * file ({@code dir}) or the same fresh PostgreSQL database of the shared server (made at the test's first call).
 */
abstract class TwoPools {
    @TempDir
    Path dir;
    private DatabaseSettings postgres;

    Database open(String engine) {
        if (engine.equals("sqlite")) return Database.sqlite(dir.resolve("fleet.db"));
        if (postgres == null) postgres = SharedPostgres.freshDatabase("twopools", 2);
        return Database.open(postgres);
    }
}
