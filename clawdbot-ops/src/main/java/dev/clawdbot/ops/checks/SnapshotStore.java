package dev.clawdbot.ops.checks;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Instant;
import java.util.Optional;

/** The {@code ops_snapshots} table: the last content a check saw under a name, to diff against next time. */
public final class SnapshotStore {
    /** A stored snapshot. */
    public record Snapshot(Instant takenAt, String content) {
    }

    private final JdbcRunner jdbc;

    public SnapshotStore(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    public Optional<Snapshot> get(String name) {
        return jdbc.queryOne("SELECT taken_at, content FROM ops_snapshots WHERE name = ?",
                rs -> new Snapshot(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2)), name);
    }

    public void put(String name, Instant at, String content) {
        jdbc.write("INSERT INTO ops_snapshots (name, taken_at, content) VALUES (?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET taken_at = excluded.taken_at, content = excluded.content", name, at.toEpochMilli(), content);
    }
}
