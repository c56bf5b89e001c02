package dev.clawdbot.core.notify;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Table {@code operator_notices}: every notice accepted, and how many repeats were folded into it. */
final class NoticeStore {

    private final JdbcRunner jdbc;

    NoticeStore(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    /** The newest notice with this key stored at or after {@code since}, if any. */
    Optional<Long> recent(Connection c, String dedupKey, Instant since) throws SQLException {
        return JdbcRunner.on(c).queryOne("SELECT id FROM operator_notices WHERE dedup_key = ? AND created_ms >= ?"
                + " ORDER BY created_ms DESC, id DESC LIMIT 1", rs -> rs.getLong(1), dedupKey, since.toEpochMilli());
    }

    void countRepeat(Connection c, long id) throws SQLException {
        JdbcRunner.on(c).execute("UPDATE operator_notices SET repeats = repeats + 1 WHERE id = ?", id);
    }

    long insert(Connection c, OperatorNotice n, Instant now, boolean pushed) throws SQLException {
        return JdbcRunner.on(c).insert("INSERT INTO operator_notices (source, dedup_key, level, subject, body, time_ms,"
                        + " created_ms, repeats, pushed, html, summary) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                n.source(), n.dedupKey(), n.level(), n.subject(), n.body(), n.time().toEpochMilli(), now.toEpochMilli(), pushed, n.html(),
                n.summary());
    }

    /** The stored notice and its repeats so far. */
    Optional<Stored> load(long id) {
        return jdbc.queryOne("SELECT source, dedup_key, level, subject, body, time_ms, repeats, html, summary FROM operator_notices"
                        + " WHERE id = ?",
                rs -> new Stored(id, new OperatorNotice(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getString(8), rs.getString(9)), rs.getInt(7)), id);
    }

    /** Notices stored in all. */
    long count() {
        return jdbc.count("SELECT COUNT(*) FROM operator_notices");
    }

    record Stored(long id, OperatorNotice notice, int repeats) {
    }
}
