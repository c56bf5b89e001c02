package dev.clawdbot.siem.fim;

import dev.clawdbot.core.storage.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code siem_fim} baseline and the {@code siem_fim_changes} log. */
public final class FimStore {

    /** One reported change, for the digest. */
    public record ChangeRow(Instant time, String change, String path) {
    }

    private final Database db;

    public FimStore(Database db) {
        this.db = db;
    }

    Map<String, FileState> load() {
        return db.withConnection(c -> {
            Map<String, FileState> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT path, kind, sha256, size, mode, owner, mtime_ms, inode FROM siem_fim");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new FileState(rs.getString(1), FileState.Kind.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getLong(4), rs.getInt(5), rs.getString(6), rs.getLong(7), rs.getLong(8)));
                }
            }
            return out;
        });
    }

    /** The redacted text kept for diffs, or null. */
    String content(String path) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM siem_fim WHERE path = ?")) {
                ps.setString(1, path);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Stores {@code upserts} (with their diff text, null for none), removes {@code deleted}, logs {@code changes}. */
    void apply(Collection<FileState> upserts, Map<String, String> contents, Collection<String> deleted, List<ChangeRow> changes) {
        if (upserts.isEmpty() && deleted.isEmpty() && changes.isEmpty()) return;
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM siem_fim WHERE path = ?")) {
                for (String p : deleted) {
                    del.setString(1, p);
                    del.addBatch();
                }
                for (FileState s : upserts) {
                    del.setString(1, s.path());
                    del.addBatch();
                }
                del.executeBatch();
            }
            insert(c, upserts, contents);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO siem_fim_changes (time_ms, change, path) VALUES (?, ?, ?)")) {
                for (ChangeRow r : changes) {
                    ps.setLong(1, r.time().toEpochMilli());
                    ps.setString(2, r.change());
                    ps.setString(3, r.path());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void insert(Connection c, Collection<FileState> upserts, Map<String, String> contents) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO siem_fim (path, kind, sha256, size, mode, owner, mtime_ms, inode, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (FileState s : upserts) {
                ps.setString(1, s.path());
                ps.setString(2, s.kind().name());
                ps.setString(3, s.sha256());
                ps.setLong(4, s.size());
                ps.setInt(5, s.mode());
                ps.setString(6, s.owner());
                ps.setLong(7, s.mtimeMillis());
                ps.setLong(8, s.inode());
                ps.setString(9, contents.get(s.path()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Changes reported at or after {@code since}, oldest first, at most {@code limit}. */
    public List<ChangeRow> changes(Instant since, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, change, path FROM siem_fim_changes WHERE time_ms >= ? ORDER BY time_ms, id LIMIT ?")) {
                ps.setLong(1, since.toEpochMilli());
                ps.setInt(2, limit);
                List<ChangeRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new ChangeRow(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3)));
                }
                return out;
            }
        });
    }
}
