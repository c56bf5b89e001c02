package dev.clawdbot.core.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Statements with their arguments in one call and rows read by a {@link RowMapper} (db-scheduler's JdbcRunner),
 * instead of a prepare/bind/execute/close block per query. Arguments bind in order: {@code Boolean} as 1/0 (the
 * schema keeps flags as integers on both engines), everything else as {@link PreparedStatement#setObject}.
 * {@link #inTransaction} and {@link #on} give the same calls on one connection.
 */
public final class JdbcRunner {

    private final Database db;

    public JdbcRunner(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Reads one row; the result set stands on it. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on one connection through its {@link Tx}. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    /** The calls of this runner on a connection the caller holds (inside its own transaction, say). */
    public static Tx on(Connection c) {
        return new Tx(c);
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return db.withConnection(c -> on(c).query(sql, mapper, args));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        return db.withConnection(c -> on(c).queryOne(sql, mapper, args));
    }

    public boolean exists(String sql, Object... args) {
        return db.withConnection(c -> on(c).exists(sql, args));
    }

    public long count(String sql, Object... args) {
        return db.withConnection(c -> on(c).count(sql, args));
    }

    /** Runs an INSERT, UPDATE or DELETE in auto-commit mode; returns the rows it changed. */
    public int execute(String sql, Object... args) {
        return db.withConnection(c -> on(c).execute(sql, args));
    }

    /**
     * Runs one INSERT, UPDATE or DELETE in a transaction of its own; on SQLite it queues for the single writer in
     * this process (see {@link Database#inTransaction}) instead of meeting SQLite's busy handler.
     */
    public int write(String sql, Object... args) {
        return db.inTransaction(c -> on(c).execute(sql, args));
    }

    /** Runs {@code work} in one transaction (see {@link Database#inTransaction}). */
    public <T> T inTransaction(TxWork<T> work) {
        return db.inTransaction(c -> work.run(on(c)));
    }

    /** The runner's calls on one connection. */
    public static final class Tx {
        private final Connection c;

        private Tx(Connection c) {
            this.c = Objects.requireNonNull(c, "connection");
        }

        public Connection connection() {
            return c;
        }

        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(mapper.map(rs));
                }
                return out;
            }
        }

        /** The first row, if any. */
        public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
                }
            }
        }

        public boolean exists(String sql, Object... args) throws SQLException {
            return queryOne(sql, rs -> Boolean.TRUE, args).isPresent();
        }

        /** The first column of the first row as a number (a COUNT), 0 when there is no row or it is NULL. */
        public long count(String sql, Object... args) throws SQLException {
            return queryOne(sql, rs -> rs.getLong(1), args).orElse(0L);
        }

        public int execute(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        }

        /** Runs an INSERT and returns the key the database generated for the row. */
        public long insert(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, args);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) throw new SQLException("no generated key for: " + sql);
                    return keys.getLong(1);
                }
            }
        }

        /** Runs one statement once per argument list, as a batch; returns the rows each changed. */
        public int[] batch(String sql, List<Object[]> argLists) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] args : argLists) {
                    bind(ps, args);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object v = args[i];
            if (v instanceof Boolean b) ps.setInt(i + 1, b ? 1 : 0);
            else ps.setObject(i + 1, v);
        }
    }
}
