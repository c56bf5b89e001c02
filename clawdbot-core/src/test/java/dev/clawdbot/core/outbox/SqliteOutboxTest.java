package dev.clawdbot.core.outbox;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteOutboxTest extends OutboxContract {

    @TempDir
    static Path dir;
    private static Database db;
    private static Database second;

    @BeforeAll
    static void open() {
        db = Database.sqlite(dir.resolve("clawdbot.db"));
    }

    @AfterAll
    static void close() {
        db.close();
        if (second != null) second.close();
    }

    @Override
    Database db() {
        return db;
    }

    @Override
    Database secondPool() {
        if (second == null) second = Database.sqlite(dir.resolve("clawdbot.db"));
        return second;
    }

    @Override
    Database reopen() {
        db.close();
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        return db;
    }
}
