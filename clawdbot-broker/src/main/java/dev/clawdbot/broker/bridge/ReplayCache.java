package dev.clawdbot.broker.bridge;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Clock;
import java.time.Duration;

/**
 * Message ids accepted inside the replay window, in the database so a restart does not reopen the window.
 * Entries older than twice the tolerance (a message can be at most one tolerance old or early) are pruned.
 * Bounded: when {@code maxEntries} ids are live the cache refuses new ones instead of forgetting live ones,
 * so a flood can deny service but never re-enable a replay. A seen-set with expiry, not a queue of work: nothing
 * is handed on or retried, so it is not an {@code outbox} queue; its claim is the same insert-once as the
 * execution ledger's ({@code ON CONFLICT DO NOTHING}: of two receivers racing on one id, one gets FRESH).
 */
final class ReplayCache {

    private final JdbcRunner jdbc;
    private final Clock clock;
    private final Duration horizon;
    private final int maxEntries;

    ReplayCache(Database db, Clock clock, Duration tolerance, int maxEntries) {
        this.jdbc = new JdbcRunner(db);
        this.clock = clock;
        this.horizon = tolerance.multipliedBy(2);
        this.maxEntries = maxEntries;
    }

    enum Outcome { FRESH, REPLAY, FULL }

    /** Records {@code id} atomically; REPLAY when it was already seen inside the window. */
    Outcome record(String id, String agentId) {
        long now = clock.millis();
        return jdbc.inTransaction(tx -> {
            tx.execute("DELETE FROM bridge_seen_ids WHERE seen_at_ms < ?", now - horizon.toMillis());
            if (tx.exists("SELECT 1 FROM bridge_seen_ids WHERE msg_id = ?", id)) return Outcome.REPLAY;
            if (tx.count("SELECT COUNT(*) FROM bridge_seen_ids") >= maxEntries) return Outcome.FULL;
            int added = tx.execute("INSERT INTO bridge_seen_ids (msg_id, agent_id, seen_at_ms) VALUES (?, ?, ?) ON CONFLICT (msg_id) DO NOTHING",
                    id, agentId, now);
            return added == 1 ? Outcome.FRESH : Outcome.REPLAY;
        });
    }
}
