package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.storage.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The offset and the inbox. {@link #accept} records updates and advances the offset in one transaction:
 * an update fetched but not committed is fetched again (the offset did not move); one committed is never
 * accepted twice (unique per bot and update_id), whichever way it arrives.
 */
public final class UpdateStore {

    /**
     * One accepted update. Status: pending → submitted → done, or rejected / failed / blocked / ignored; a row left
     * submitted by a crash goes back to pending (resubmitted with the same idempotency key) or, past the limit, to interrupted.
     */
    public record InboxRow(long id, long updateId, String payload, String status) {
    }

    /** Called inside the accepting transaction, before commit; tests use it to crash there. */
    @FunctionalInterface
    interface CommitHook {
        void beforeCommit() throws SQLException;

        CommitHook NONE = () -> { };
    }

    private final Database db;
    private final Clock clock;
    private final String bot;

    public UpdateStore(Database db, Clock clock, String bot) {
        this.db = db;
        this.clock = clock;
        this.bot = bot;
    }

    public String bot() {
        return bot;
    }

    public long nextOffset() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT next_offset FROM telegram_offset WHERE bot = ?")) {
                ps.setString(1, bot);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Records the updates as pending and moves the offset past them; returns how many were new. */
    public int accept(List<JsonNode> updates, CommitHook hook) {
        if (updates.isEmpty()) return 0;
        String now = clock.instant().toString();
        return db.inTransaction(c -> {
            int added = 0;
            long max = -1;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO telegram_inbox (bot, update_id, payload, status, received_at) VALUES (?, ?, ?, 'pending', ?) "
                            + "ON CONFLICT (bot, update_id) DO NOTHING")) {
                for (JsonNode u : updates) {
                    long id = u.path("update_id").asLong(-1);
                    if (id < 0) continue;
                    max = Math.max(max, id);
                    ps.setString(1, bot);
                    ps.setLong(2, id);
                    ps.setString(3, u.toString());
                    ps.setString(4, now);
                    added += ps.executeUpdate();
                }
            }
            if (max >= 0) advance(c, max + 1, now);
            hook.beforeCommit();
            return added;
        });
    }

    public int accept(List<JsonNode> updates) {
        return accept(updates, CommitHook.NONE);
    }

    private void advance(Connection c, long next, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO telegram_offset (bot, next_offset, updated_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (bot) DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at "
                        + "WHERE excluded.next_offset > telegram_offset.next_offset")) {
            ps.setString(1, bot);
            ps.setLong(2, next);
            ps.setString(3, now);
            ps.executeUpdate();
        }
    }

    public List<InboxRow> withStatus(String status, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, update_id, payload, status FROM telegram_inbox WHERE bot = ? AND status = ? ORDER BY update_id LIMIT ?")) {
                ps.setString(1, bot);
                ps.setString(2, status);
                ps.setInt(3, limit);
                List<InboxRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new InboxRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
                return out;
            }
        });
    }

    /** Moves a row from one status to another; false when it was not in {@code from} (someone else took it). */
    public boolean transition(long id, String from, String to) {
        String now = clock.instant().toString();
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE telegram_inbox SET status = ?, handled_at = ? WHERE id = ? AND status = ?")) {
                ps.setString(1, to);
                ps.setString(2, now);
                ps.setLong(3, id);
                ps.setString(4, from);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Puts a row a dead process left {@code submitted} back to {@code pending} for another hand-off, unless it was
     * resubmitted {@code maxResubmits} times already; false when it was not (it stays submitted).
     */
    public boolean resubmit(long id, int maxResubmits) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE telegram_inbox SET status = 'pending', resubmits = resubmits + 1 WHERE id = ? AND status = 'submitted' AND resubmits < ?")) {
                ps.setLong(1, id);
                ps.setInt(2, maxResubmits);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Deletes finished rows (handled, rejected, failed) received before {@code before}; pending and
     * submitted rows stay. Keeps the inbox from growing with strangers' messages. Returns the rows deleted.
     */
    public int prune(java.time.Instant before) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM telegram_inbox WHERE bot = ? AND status NOT IN ('pending', 'submitted') AND received_at < ?")) {
                ps.setString(1, bot);
                ps.setString(2, before.toString());
                return ps.executeUpdate();
            }
        });
    }

    public int count(String status) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM telegram_inbox WHERE bot = ? AND status = ?")) {
                ps.setString(1, bot);
                ps.setString(2, status);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
