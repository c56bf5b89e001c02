package dev.clawdbot.broker;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/** The idempotency record: a row is committed before an action runs, so a crash can never lead to a second run. */
final class ExecutionLedger {

    enum State { STARTED, DONE, FAILED, INTERRUPTED }

    private final Database db;

    ExecutionLedger(Database db) {
        this.db = db;
    }

    State state(String key) {
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT state FROM broker_executions WHERE idempotency_key = ?")) {
                q.setString(1, key);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? State.valueOf(rs.getString(1)) : null;
                }
            }
        });
    }

    /** Claims the key; false when it was already claimed (the action ran, or may have). */
    boolean start(String key, String requestId, int index, String actionHash, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM broker_executions WHERE idempotency_key = ?")) {
                q.setString(1, key);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) return false;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO broker_executions (idempotency_key, request_id, action_index, action_hash, state, started_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, key);
                ins.setString(2, requestId);
                ins.setInt(3, index);
                ins.setString(4, actionHash);
                ins.setString(5, State.STARTED.name());
                ins.setString(6, now.toString());
                ins.executeUpdate();
            }
            return true;
        });
    }

    void finish(String key, State state, Integer exitCode, String output, Instant now) {
        db.inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE broker_executions SET state = ?, exit_code = ?, output = ?, finished_at = ? WHERE idempotency_key = ?")) {
                u.setString(1, state.name());
                u.setObject(2, exitCode);
                u.setString(3, output != null && output.length() > 65_536 ? output.substring(output.length() - 65_536) : output);
                u.setString(4, now.toString());
                u.setString(5, key);
                u.executeUpdate();
            }
            return null;
        });
    }

    /** How many actions of a request have a ledger row, by state; for tests and {@code request show}. */
    int count(String requestId, State state) {
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM broker_executions WHERE request_id = ? AND state = ?")) {
                q.setString(1, requestId);
                q.setString(2, state.name());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
