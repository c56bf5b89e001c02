package dev.clawdbot.channels;

import dev.clawdbot.channels.telegram.TelegramChannel;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * What every test of a bot against the fake Bot API sets up: a fake Telegram server, a fresh SQLite database in a
 * temporary directory, and the channel under test (closed first, then the server, then the database). Subclasses'
 * own {@code @AfterEach} methods run before this one, so what they opened on top closes first.
 */
public abstract class TelegramTestBase {
    @TempDir
    protected Path dir;
    protected FakeTelegramServer fake;
    protected Database db;
    protected TelegramChannel channel;

    @BeforeEach
    void openFakeAndDatabase() {
        fake = new FakeTelegramServer();
        db = Database.sqlite(dir.resolve("db.sqlite"));
    }

    @AfterEach
    void closeChannelFakeAndDatabase() {
        if (channel != null) channel.close();
        fake.close();
        db.close();
    }
}
