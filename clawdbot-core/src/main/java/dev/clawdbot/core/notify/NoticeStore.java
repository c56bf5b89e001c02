package dev.clawdbot.core.notify;

import dev.clawdbot.core.storage.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/** Table {@code operator_notices}: every notice accepted, and how many repeats were folded into it. */
final class NoticeStore {

    private final Database db;

    NoticeStore(Database db) {
        this.db = db;
    }

    /** The newest notice with this key stored at or after {@code since}, if any. */
    Optional<Long> recent(Connection c, String dedupKey, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM operator_notices WHERE dedup_key = ? AND created_ms >= ?"
                + " ORDER BY created_ms DESC, id DESC LIMIT 1")) {
            ps.setString(1, dedupKey);
            ps.setLong(2, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    void countRepeat(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE operator_notices SET repeats = repeats + 1 WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    long insert(Connection c, OperatorNotice n, Instant now, boolean pushed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator_notices (source, dedup_key, level, subject, body, time_ms,"
                + " created_ms, repeats, pushed, html, summary) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, n.source());
            ps.setString(2, n.dedupKey());
            ps.setInt(3, n.level());
            ps.setString(4, n.subject());
            ps.setString(5, n.body());
            ps.setLong(6, n.time().toEpochMilli());
            ps.setLong(7, now.toEpochMilli());
            ps.setInt(8, pushed ? 1 : 0);
            ps.setString(9, n.html());
            ps.setString(10, n.summary());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The stored notice and its repeats so far. */
    Optional<Stored> load(long id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT source, dedup_key, level, subject, body, time_ms, repeats, html, summary"
                    + " FROM operator_notices WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<Stored>empty();
                    OperatorNotice n = new OperatorNotice(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(8), rs.getString(9));
                    return Optional.of(new Stored(id, n, rs.getInt(7)));
                }
            }
        });
    }

    /** Notices stored in all. */
    long count() {
        return db.withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM operator_notices")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    record Stored(long id, OperatorNotice notice, int repeats) {
    }
}
