package dev.clawdbot.channels.mail;

import dev.clawdbot.core.outbox.Lifecycle;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Clock;
import java.util.List;

/**
 * Which messages were seen, by mailbox and Message-ID. A row is written before the notice is sent
 * ({@code pending} or {@code held}), taken by exactly one sender ({@code sending}) and marked {@code sent}
 * after, so a restart re-sends what was claimed but not delivered and never notifies a Message-ID twice,
 * except when the process dies between Telegram accepting the notice and the {@code sent} mark (Telegram's
 * sendMessage has no idempotency key; a duplicate beats a lost notice). Moves follow {@link NotifyStatus}.
 */
final class NotifiedStore {
    record Row(String mailbox, String messageId, String summary, NotifyStatus status) {
    }

    private final JdbcRunner jdbc;
    private final Clock clock;

    NotifiedStore(Database db, Clock clock) {
        this.jdbc = new JdbcRunner(db);
        this.clock = clock;
    }

    boolean hasAny(String mailbox, String folder) {
        return jdbc.exists("SELECT 1 FROM mail_notified WHERE mailbox = ? AND folder = ? LIMIT 1", mailbox, folder);
    }

    boolean known(String mailbox, String messageId) {
        return jdbc.exists("SELECT 1 FROM mail_notified WHERE mailbox = ? AND message_id = ?", mailbox, messageId);
    }

    /** Claims a Message-ID; false when it was already claimed (by this or an earlier process). */
    boolean claim(String mailbox, String folder, String messageId, String summary, NotifyStatus status) {
        if (!NotifyStatus.INITIAL.contains(status)) throw new IllegalArgumentException("a message cannot be claimed " + status.wire());
        return jdbc.execute("INSERT INTO mail_notified (mailbox, message_id, folder, summary, status, seen_at) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (mailbox, message_id) DO NOTHING", mailbox, messageId, folder, summary, status.wire(), clock.instant().toString()) == 1;
    }

    List<Row> withStatus(NotifyStatus status) {
        return jdbc.query("SELECT mailbox, message_id, summary, status FROM mail_notified WHERE status = ? ORDER BY seen_at",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), NotifyStatus.fromWire(rs.getString(4))), status.wire());
    }

    /**
     * Moves a row from one status to another; false when it was not in {@code from} (another thread took it).
     * {@link IllegalStateException} when {@link NotifyStatus} does not allow the move: nothing is written.
     */
    boolean transition(String mailbox, String messageId, NotifyStatus from, NotifyStatus to) {
        Lifecycle.requireMove(from, to);
        String now = clock.instant().toString();
        return jdbc.execute(to == NotifyStatus.SENT
                        ? "UPDATE mail_notified SET status = ?, sent_at = ? WHERE mailbox = ? AND message_id = ? AND status = ?"
                        : "UPDATE mail_notified SET status = ? WHERE mailbox = ? AND message_id = ? AND status = ?",
                to == NotifyStatus.SENT ? new Object[] {to.wire(), now, mailbox, messageId, from.wire()}
                        : new Object[] {to.wire(), mailbox, messageId, from.wire()}) == 1;
    }

    /** Rows a dead process was sending: whether Telegram got them is unknown, so they are due again. */
    int recoverSending() {
        return jdbc.execute("UPDATE mail_notified SET status = ? WHERE status = ?", NotifyStatus.PENDING.wire(), NotifyStatus.SENDING.wire());
    }
}
