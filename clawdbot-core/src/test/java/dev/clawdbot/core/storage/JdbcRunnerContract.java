package dev.clawdbot.core.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link JdbcRunner} does on every engine (nested in the SQLite and PostgreSQL database tests), on the outbox table. */
abstract class JdbcRunnerContract {

    abstract Database db();

    JdbcRunner jdbc;

    @BeforeEach
    void clean() {
        jdbc = new JdbcRunner(db());
        jdbc.execute("DELETE FROM outbox WHERE queue LIKE 'jdbc-%'");
    }

    private long add(String queue, String payload, long due) {
        return jdbc.inTransaction(tx -> tx.insert("INSERT INTO outbox (queue, payload, status, attempts, next_attempt_ms, claim_no, created_ms,"
                + " updated_ms) VALUES (?, ?, 'PENDING', 0, ?, 0, 0, 0)", queue, payload, due));
    }

    @Test
    void insertsReturnTheirKeysAndQueriesMapRowsInOrder() {
        long a = add("jdbc-q", "a", 2);
        long b = add("jdbc-q", "b", 1);
        assertThat(b).isGreaterThan(a);
        record Row(long id, String payload) {
        }
        List<Row> rows = jdbc.query("SELECT id, payload FROM outbox WHERE queue = ? ORDER BY next_attempt_ms", rs -> new Row(rs.getLong(1), rs.getString(2)), "jdbc-q");
        assertThat(rows).containsExactly(new Row(b, "b"), new Row(a, "a"));
        assertThat(jdbc.queryOne("SELECT payload FROM outbox WHERE id = ?", rs -> rs.getString(1), a)).contains("a");
        assertThat(jdbc.queryOne("SELECT payload FROM outbox WHERE id = ?", rs -> rs.getString(1), -1L)).isEmpty();
        assertThat(jdbc.exists("SELECT 1 FROM outbox WHERE queue = ? AND payload = ?", "jdbc-q", "b")).isTrue();
        assertThat(jdbc.exists("SELECT 1 FROM outbox WHERE queue = ? AND payload = ?", "jdbc-q", "c")).isFalse();
        assertThat(jdbc.count("SELECT COUNT(*) FROM outbox WHERE queue = ?", "jdbc-q")).isEqualTo(2);
        assertThat(jdbc.count("SELECT MAX(attempts) FROM outbox WHERE queue = ?", "jdbc-none")).isZero();
    }

    @Test
    void bindsNullsBooleansAsOneOrZeroAndBatches() {
        long id = add("jdbc-b", "x", 0);
        assertThat(jdbc.write("UPDATE outbox SET last_error = ?, attempts = ? WHERE id = ?", null, true, id)).isEqualTo(1);
        assertThat(jdbc.queryOne("SELECT last_error, attempts FROM outbox WHERE id = ?", rs -> rs.getString(1) + "/" + rs.getInt(2), id))
                .contains("null/1");
        long other = add("jdbc-b", "y", 0);
        int[] changed = jdbc.inTransaction(tx -> tx.batch("UPDATE outbox SET result = ? WHERE id = ?",
                List.of(new Object[] {"r1", id}, new Object[] {"r2", other}, new Object[] {"r3", -1L})));
        assertThat(changed).containsExactly(1, 1, 0);
        assertThat(jdbc.query("SELECT result FROM outbox WHERE queue = ? ORDER BY id", rs -> rs.getString(1), "jdbc-b")).containsExactly("r1", "r2");
    }

    @Test
    void aTransactionThatThrowsWritesNothing() {
        assertThatThrownBy(() -> jdbc.inTransaction(tx -> {
            tx.insert("INSERT INTO outbox (queue, payload, status, attempts, next_attempt_ms, claim_no, created_ms, updated_ms)"
                    + " VALUES ('jdbc-t', 'x', 'PENDING', 0, 0, 0, 0, 0)");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(jdbc.count("SELECT COUNT(*) FROM outbox WHERE queue = 'jdbc-t'")).isZero();
        assertThatThrownBy(() -> jdbc.execute("UPDATE no_such_table SET x = 1")).isInstanceOf(StorageException.class);
    }
}
