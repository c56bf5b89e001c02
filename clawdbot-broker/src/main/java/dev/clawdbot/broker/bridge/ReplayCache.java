package dev.clawdbot.broker.bridge;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.StorageException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * Message ids accepted inside the replay window, in the database so a restart does not reopen the window.
 * Entries older than twice the tolerance (a message can be at most one tolerance old or early) are pruned.
 * Bounded: when {@code maxEntries} ids are live the cache refuses new ones instead of forgetting live ones,
 * so a flood can deny service but never re-enable a replay.
 */
final class ReplayCache {

    private final Database db;
    private final Clock clock;
    private final Duration horizon;
    private final int maxEntries;

    ReplayCache(Database db, Clock clock, Duration tolerance, int maxEntries) {
        this.db = db;
        this.clock = clock;
        this.horizon = tolerance.multipliedBy(2);
        this.maxEntries = maxEntries;
    }

    enum Outcome { FRESH, REPLAY, FULL }

    /** Records {@code id} atomically; REPLAY when it was already seen inside the window. */
    Outcome record(String id, String agentId) {
        try {
            return tryRecord(id, agentId);
        } catch (StorageException e) {
            // Two receivers racing on one id (PostgreSQL, READ COMMITTED): the loser hits the primary key.
            if (seen(id)) return Outcome.REPLAY;
            throw e;
        }
    }

    private boolean seen(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM bridge_seen_ids WHERE msg_id = ?")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private Outcome tryRecord(String id, String agentId) {
        long now = clock.millis();
        return db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM bridge_seen_ids WHERE seen_at_ms < ?")) {
                del.setLong(1, now - horizon.toMillis());
                del.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM bridge_seen_ids WHERE msg_id = ?")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) return Outcome.REPLAY;
                }
            }
            if (count(c) >= maxEntries) return Outcome.FULL;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bridge_seen_ids (msg_id, agent_id, seen_at_ms) VALUES (?, ?, ?)")) {
                ins.setString(1, id);
                ins.setString(2, agentId);
                ins.setLong(3, now);
                ins.executeUpdate();
            }
            return Outcome.FRESH;
        });
    }

    private static long count(java.sql.Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM bridge_seen_ids"); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
