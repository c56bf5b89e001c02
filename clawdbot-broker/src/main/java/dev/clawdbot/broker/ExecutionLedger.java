package dev.clawdbot.broker;

import dev.clawdbot.core.outbox.Lifecycle;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Instant;

/**
 * The idempotency record: a row is committed before an action runs, so a crash can never lead to a second run.
 * Unlike an outbox row, a started action is never retried: a row a crash left STARTED is finished INTERRUPTED.
 */
final class ExecutionLedger {

    /** Stored by name; STARTED ends once, in one of the other three. */
    enum State implements Lifecycle<State> {
        STARTED, DONE, FAILED, INTERRUPTED;

        @Override
        public boolean canMoveTo(State next) {
            return this == STARTED && next != STARTED;
        }

        @Override
        public String wire() {
            return name();
        }
    }

    /** Output kept per action: its last 64 KiB. */
    private static final int MAX_OUTPUT = 65_536;

    private final JdbcRunner jdbc;

    ExecutionLedger(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    State state(String key) {
        return jdbc.queryOne("SELECT state FROM broker_executions WHERE idempotency_key = ?", rs -> State.valueOf(rs.getString(1)), key)
                .orElse(null);
    }

    /** Claims the key; false when it was already claimed (the action ran, or may have), by this process or a racing one. */
    boolean start(String key, String requestId, int index, String actionHash, Instant now) {
        return jdbc.write("INSERT INTO broker_executions (idempotency_key, request_id, action_index, action_hash, state, started_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
                key, requestId, index, actionHash, State.STARTED.wire(), now.toString()) == 1;
    }

    /**
     * Ends a started action; false when the row was not STARTED (finished already). {@link IllegalStateException}
     * for {@code STARTED}, which is no end.
     */
    boolean finish(String key, State state, Integer exitCode, String output, Instant now) {
        Lifecycle.requireMove(State.STARTED, state);
        String kept = output != null && output.length() > MAX_OUTPUT ? output.substring(output.length() - MAX_OUTPUT) : output;
        return jdbc.write("UPDATE broker_executions SET state = ?, exit_code = ?, output = ?, finished_at = ? WHERE idempotency_key = ? AND state = ?",
                state.wire(), exitCode, kept, now.toString(), key, State.STARTED.wire()) == 1;
    }

    /** How many actions of a request have a ledger row, by state; for tests and {@code request show}. */
    int count(String requestId, State state) {
        return (int) jdbc.count("SELECT COUNT(*) FROM broker_executions WHERE request_id = ? AND state = ?", requestId, state.wire());
    }
}
