package dev.clawdbot.core.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteJdbcRunnerTest extends JdbcRunnerContract {

    @TempDir
    static Path dir;
    private static Database db;

    @BeforeAll
    static void open() {
        db = Database.sqlite(dir.resolve("clawdbot.db"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    Database db() {
        return db;
    }
}
