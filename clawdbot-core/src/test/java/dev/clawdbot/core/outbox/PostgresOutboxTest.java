package dev.clawdbot.core.outbox;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The same contract on a real PostgreSQL 14 (zonky's embedded binaries). */
class PostgresOutboxTest extends OutboxContract {

    private static PostgresFixture pg;
    private static Database db;
    private static Database second;

    @BeforeAll
    static void start() throws IOException {
        pg = PostgresFixture.start();
        db = pg.open();
        second = pg.open();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pg != null) pg.close();
    }

    @Override
    Database db() {
        return db;
    }

    @Override
    Database secondPool() {
        return second;
    }

    @Override
    Database reopen() {
        db.close();
        db = pg.open();
        return db;
    }
}
