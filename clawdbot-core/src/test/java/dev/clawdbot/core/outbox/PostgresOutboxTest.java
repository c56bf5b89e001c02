package dev.clawdbot.core.outbox;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The same contract on a real PostgreSQL 14 (zonky's embedded binaries). */
class PostgresOutboxTest extends OutboxContract {

    private static EmbeddedPostgres pg;
    private static Database db;
    private static Database second;

    @BeforeAll
    static void start() throws IOException {
        pg = EmbeddedPostgres.builder().start();
        db = open();
        second = open();
    }

    private static Database open() {
        return Database.open(new DatabaseSettings(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, 0));
    }

    @AfterAll
    static void stop() throws IOException {
        if (db != null) db.close();
        if (second != null) second.close();
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
        db = open();
        return db;
    }
}
