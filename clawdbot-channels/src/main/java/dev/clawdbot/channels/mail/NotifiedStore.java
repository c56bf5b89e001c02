package dev.clawdbot.channels.mail;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Which messages were seen, by mailbox and Message-ID. A row is written before the notice is sent
 * ({@code pending} or {@code held}), taken by exactly one sender ({@code sending}) and marked {@code sent}
 * after, so a restart re-sends what was claimed but not delivered and never notifies a Message-ID twice,
 * except when the process dies between Telegram accepting the notice and the {@code sent} mark (Telegram's
 * sendMessage has no idempotency key; a duplicate beats a lost notice).
 */
final class NotifiedStore {
    record Row(String mailbox, String messageId, String summary, String status) {
    }

    private final Database db;
    private final Clock clock;

    NotifiedStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    boolean hasAny(String mailbox, String folder) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM mail_notified WHERE mailbox = ? AND folder = ? LIMIT 1")) {
                ps.setString(1, mailbox);
                ps.setString(2, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    boolean known(String mailbox, String messageId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM mail_notified WHERE mailbox = ? AND message_id = ?")) {
                ps.setString(1, mailbox);
                ps.setString(2, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Claims a Message-ID; false when it was already claimed (by this or an earlier process). */
    boolean claim(String mailbox, String folder, String messageId, String summary, String status) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO mail_notified (mailbox, message_id, folder, summary, status, seen_at) VALUES (?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (mailbox, message_id) DO NOTHING")) {
                ps.setString(1, mailbox);
                ps.setString(2, messageId);
                ps.setString(3, folder);
                ps.setString(4, summary);
                ps.setString(5, status);
                ps.setString(6, clock.instant().toString());
                return ps.executeUpdate() == 1;
            }
        });
    }

    List<Row> withStatus(String status) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT mailbox, message_id, summary, status FROM mail_notified WHERE status = ? ORDER BY seen_at")) {
                ps.setString(1, status);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
                return out;
            }
        });
    }

    /** Moves a row from one status to another; false when it was not in {@code from} (another thread took it). */
    boolean transition(String mailbox, String messageId, String from, String to) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mail_notified SET status = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END "
                            + "WHERE mailbox = ? AND message_id = ? AND status = ?")) {
                ps.setString(1, to);
                ps.setString(2, to);
                ps.setString(3, clock.instant().toString());
                ps.setString(4, mailbox);
                ps.setString(5, messageId);
                ps.setString(6, from);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Rows a dead process was sending: whether Telegram got them is unknown, so they are due again. */
    int recoverSending() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mail_notified SET status = 'pending' WHERE status = 'sending'")) {
                return ps.executeUpdate();
            }
        });
    }
}
