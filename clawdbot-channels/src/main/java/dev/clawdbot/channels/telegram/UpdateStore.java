package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.outbox.Lifecycle;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The offset and the inbox. {@link #accept} records updates and advances the offset in one transaction:
 * an update fetched but not committed is fetched again (the offset did not move); one committed is never
 * accepted twice (unique per bot and update_id), whichever way it arrives. Statuses move only as
 * {@link InboxStatus} allows, by compare-and-set, so one row is handed off once.
 */
public final class UpdateStore {

    /** One accepted update; see {@link InboxStatus} for how its status moves. */
    public record InboxRow(long id, long updateId, String payload, InboxStatus status) {
    }

    /** Called inside the accepting transaction, before commit; tests use it to crash there. */
    @FunctionalInterface
    interface CommitHook {
        void beforeCommit() throws SQLException;

        CommitHook NONE = () -> { };
    }

    private static final JdbcRunner.RowMapper<InboxRow> ROW = rs -> new InboxRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
            InboxStatus.fromWire(rs.getString(4)));

    private final JdbcRunner jdbc;
    private final Clock clock;
    private final String bot;

    public UpdateStore(Database db, Clock clock, String bot) {
        this.jdbc = new JdbcRunner(db);
        this.clock = clock;
        this.bot = bot;
    }

    public String bot() {
        return bot;
    }

    public long nextOffset() {
        return jdbc.count("SELECT next_offset FROM telegram_offset WHERE bot = ?", bot);
    }

    /** Records the updates as pending and moves the offset past them; returns how many were new. */
    public int accept(List<JsonNode> updates, CommitHook hook) {
        if (updates.isEmpty()) return 0;
        String now = clock.instant().toString();
        List<Object[]> rows = new ArrayList<>();
        long max = -1;
        for (JsonNode u : updates) {
            long id = u.path("update_id").asLong(-1);
            if (id < 0) continue;
            max = Math.max(max, id);
            rows.add(new Object[] {bot, id, u.toString(), InboxStatus.PENDING.wire(), now});
        }
        long next = max + 1;
        return jdbc.inTransaction(tx -> {
            int added = 0;
            for (Object[] row : rows) {
                added += tx.execute("INSERT INTO telegram_inbox (bot, update_id, payload, status, received_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (bot, update_id) DO NOTHING", row);
            }
            if (next > 0) {
                tx.execute("INSERT INTO telegram_offset (bot, next_offset, updated_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (bot) DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at "
                        + "WHERE excluded.next_offset > telegram_offset.next_offset", bot, next, now);
            }
            hook.beforeCommit();
            return added;
        });
    }

    public int accept(List<JsonNode> updates) {
        return accept(updates, CommitHook.NONE);
    }

    public List<InboxRow> withStatus(InboxStatus status, int limit) {
        return jdbc.query("SELECT id, update_id, payload, status FROM telegram_inbox WHERE bot = ? AND status = ? ORDER BY update_id LIMIT ?",
                ROW, bot, status.wire(), limit);
    }

    /**
     * Moves a row from one status to another; false when it was not in {@code from} (someone else took it).
     * {@link IllegalStateException} when {@link InboxStatus} does not allow the move: nothing is written.
     */
    public boolean transition(long id, InboxStatus from, InboxStatus to) {
        Lifecycle.requireMove(from, to);
        return jdbc.execute("UPDATE telegram_inbox SET status = ?, handled_at = ? WHERE id = ? AND status = ?",
                to.wire(), clock.instant().toString(), id, from.wire()) == 1;
    }

    /**
     * Puts a row a dead process left {@code submitted} back to {@code pending} for another hand-off, unless it was
     * resubmitted {@code maxResubmits} times already; false when it was not (it stays submitted).
     */
    public boolean resubmit(long id, int maxResubmits) {
        return jdbc.execute("UPDATE telegram_inbox SET status = ?, resubmits = resubmits + 1 WHERE id = ? AND status = ? AND resubmits < ?",
                InboxStatus.PENDING.wire(), id, InboxStatus.SUBMITTED.wire(), maxResubmits) == 1;
    }

    /**
     * Deletes finished rows (handled, rejected, failed) received before {@code before}; pending and
     * submitted rows stay. Keeps the inbox from growing with strangers' messages. Returns the rows deleted.
     */
    public int prune(Instant before) {
        return jdbc.execute("DELETE FROM telegram_inbox WHERE bot = ? AND status NOT IN (?, ?) AND received_at < ?",
                bot, InboxStatus.PENDING.wire(), InboxStatus.SUBMITTED.wire(), before.toString());
    }

    public int count(InboxStatus status) {
        return (int) jdbc.count("SELECT COUNT(*) FROM telegram_inbox WHERE bot = ? AND status = ?", bot, status.wire());
    }
}
