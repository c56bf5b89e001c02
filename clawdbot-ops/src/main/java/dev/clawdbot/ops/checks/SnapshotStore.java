package dev.clawdbot.ops.checks;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The {@code ops_snapshots} table: the last content a check saw under a name, to diff against next time. */
public final class SnapshotStore {
    /** A stored snapshot. */
    public record Snapshot(Instant takenAt, String content) {
    }

    private final Database db;

    public SnapshotStore(Database db) {
        this.db = db;
    }

    public Optional<Snapshot> get(String name) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT taken_at, content FROM ops_snapshots WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Snapshot(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2))) : Optional.empty();
                }
            }
        });
    }

    public void put(String name, Instant at, String content) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ops_snapshots (name, taken_at, content) VALUES (?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET taken_at = excluded.taken_at, content = excluded.content")) {
                ps.setString(1, name);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, content);
                return ps.executeUpdate();
            }
        });
    }
}
