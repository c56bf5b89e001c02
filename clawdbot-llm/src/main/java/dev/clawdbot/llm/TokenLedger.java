package dev.clawdbot.llm;

import dev.clawdbot.core.storage.Database;

import java.time.Instant;

/** Where token usage is recorded and summed: the database, or memory for tests and DB-less runs. */
interface TokenLedger {

    void record(Instant at, String agentId, String sessionKey, String model, Usage usage);

    /** Input plus output tokens of a session, all time. */
    long sessionTotal(String sessionKey);

    /** Input plus output tokens of an agent in {@code [from, to)}. */
    long agentTotal(String agentId, Instant from, Instant to);

    /** Input plus output tokens of every agent in {@code [from, to)}. */
    long total(Instant from, Instant to);

    static TokenLedger inMemory() {
        return new InMemoryTokenLedger();
    }

    /** A ledger in table {@code llm_token_usage} (migration {@code V3_1}). */
    static TokenLedger database(Database db) {
        return new JdbcTokenLedger(db);
    }
}
