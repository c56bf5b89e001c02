package dev.clawdbot.core.outbox;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One queue of durable work in table {@code outbox}: {@link #add} stores a row (in the caller's transaction if
 * it likes), {@link #claim} hands each due row to exactly one claimer for a lease, and the claimer ends the attempt
 * with {@link #complete}, {@link #retry} (capped exponential back-off with jitter, FAILED after
 * {@code maxAttempts}), {@link #defer} or {@link #fail}. Each of those is fenced by the claim number: a claimer
 * whose lease ran out and whose row was claimed again changes nothing. A row whose claimer died becomes due when
 * the lease ends and counts that as a failed attempt. Portable SQL only: the claim is a compare-and-set UPDATE,
 * which SQLite's single writer and PostgreSQL's row locks both decide for one claimer.
 */
public final class Outbox {

    private final Database db;
    private final JdbcRunner jdbc;
    private final String queue;
    private final Clock clock;
    private final Duration lease;
    private final Backoff backoff;
    private final int maxAttempts;
    private final String owner;
    private final RandomGenerator random;
    private final Wakeup wakeup = new Wakeup();

    /**
     * @param lease       how long a claim holds before the row is due again (longer than one attempt may take)
     * @param maxAttempts attempts before a retried row becomes FAILED
     * @param owner       recorded on claimed rows, for diagnosis (host and process)
     */
    public Outbox(Database db, String queue, Clock clock, Duration lease, Backoff backoff, int maxAttempts, String owner,
                  RandomGenerator random) {
        this.db = Objects.requireNonNull(db, "db");
        this.jdbc = new JdbcRunner(db);
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.random = Objects.requireNonNull(random, "random");
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, was " + lease);
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        this.maxAttempts = maxAttempts;
    }

    public String queue() {
        return queue;
    }

    /** Woken by {@link #add}; the worker of this queue waits on it. */
    public Wakeup wakeup() {
        return wakeup;
    }

    /** Stores a row due at {@code due} in its own transaction and wakes the worker; returns its id. */
    public long add(String payload, Instant due) {
        long id = db.inTransaction(c -> add(c, payload, due));
        wakeup.wake();
        return id;
    }

    /**
     * Stores a row inside the caller's transaction (it exists exactly when the caller's work commits); the caller
     * wakes the worker after the commit.
     */
    public long add(Connection c, String payload, Instant due) throws SQLException {
        Objects.requireNonNull(payload, "payload");
        long now = clock.millis();
        return JdbcRunner.on(c).insert("INSERT INTO outbox (queue, payload, status, attempts, next_attempt_ms,"
                + " claim_no, created_ms, updated_ms) VALUES (?, ?, 'PENDING', 0, ?, 0, ?, ?)", queue, payload, due.toEpochMilli(), now, now);
    }

    /** Claims up to {@code max} due rows, oldest due first; each is handed to this call only. */
    public List<OutboxItem> claim(int max) {
        long now = clock.millis();
        List<Candidate> due = jdbc.query("SELECT id, payload, status, attempts, claim_no, last_error, created_ms, owner"
                        + " FROM outbox WHERE queue = ? AND status IN ('PENDING', 'CLAIMED') AND next_attempt_ms <= ?"
                        + " ORDER BY next_attempt_ms, id LIMIT ?",
                rs -> new Candidate(rs.getLong(1), rs.getString(2), OutboxStatus.valueOf(rs.getString(3)), rs.getInt(4),
                        rs.getLong(5), rs.getString(6), rs.getLong(7), rs.getString(8)),
                queue, now, max);
        List<OutboxItem> claimed = new ArrayList<>();
        for (Candidate k : due) {
            // A lease that ran out is an attempt that ended without word: its claimer died or hung.
            boolean expired = k.status == OutboxStatus.CLAIMED;
            int attempts = expired ? k.attempts + 1 : k.attempts;
            String error = expired ? "lease expired (claimed by " + k.owner + ")" : k.lastError;
            if (expired && attempts >= maxAttempts) {
                finish(k.id, k.claimNo, OutboxStatus.FAILED, attempts, now, error, null);
                continue;
            }
            int n = jdbc.write("UPDATE outbox SET status = 'CLAIMED', claim_no = claim_no + 1,"
                    + " next_attempt_ms = ?, owner = ?, attempts = ?, last_error = ?, updated_ms = ?"
                    + " WHERE id = ? AND claim_no = ? AND status IN ('PENDING', 'CLAIMED') AND next_attempt_ms <= ?",
                    now + lease.toMillis(), owner, attempts, error, now, k.id, k.claimNo, now);
            if (n == 1) claimed.add(new OutboxItem(k.id, queue, k.payload, attempts, k.claimNo + 1, error, Instant.ofEpochMilli(k.createdMs)));
        }
        return claimed;
    }

    /** Ends the attempt successfully; {@code result} is kept on the row. False if the claim was lost. */
    public boolean complete(OutboxItem item, String result) {
        return finish(item.id(), item.claimNo(), OutboxStatus.DONE, item.attempts(), clock.millis(), item.lastError(), result);
    }

    /** Ends the attempt for good: the work cannot succeed. False if the claim was lost. */
    public boolean fail(OutboxItem item, String error) {
        return finish(item.id(), item.claimNo(), OutboxStatus.FAILED, item.attempts() + 1, clock.millis(), error, null);
    }

    /**
     * Ends a failed attempt: due again after the back-off for this attempt, or FAILED once {@code maxAttempts} are
     * used. Returns the status the row now has; empty if the claim was lost.
     */
    public Optional<OutboxStatus> retry(OutboxItem item, String error) {
        int attempts = item.attempts() + 1;
        long now = clock.millis();
        if (attempts >= maxAttempts) {
            return finish(item.id(), item.claimNo(), OutboxStatus.FAILED, attempts, now, error, null)
                    ? Optional.of(OutboxStatus.FAILED) : Optional.empty();
        }
        long due = now + backoff.delay(attempts, random).toMillis();
        return release(item, due, attempts, error) ? Optional.of(OutboxStatus.PENDING) : Optional.empty();
    }

    /** Puts the row back, due at {@code due}, without counting an attempt (a rate limit, not a failure). */
    public boolean defer(OutboxItem item, Instant due) {
        return release(item, due.toEpochMilli(), item.attempts(), item.lastError());
    }

    private boolean release(OutboxItem item, long dueMs, int attempts, String error) {
        boolean moved = jdbc.write("UPDATE outbox SET status = 'PENDING', next_attempt_ms = ?, attempts = ?,"
                + " last_error = ?, owner = NULL, updated_ms = ? WHERE id = ? AND claim_no = ? AND status = 'CLAIMED'",
                dueMs, attempts, error, clock.millis(), item.id(), item.claimNo()) == 1;
        if (moved) wakeup.wake();
        return moved;
    }

    private boolean finish(long id, long claimNo, OutboxStatus status, int attempts, long now, String error, String result) {
        Lifecycle.requireMove(OutboxStatus.CLAIMED, status);
        return jdbc.write("UPDATE outbox SET status = ?, attempts = ?, last_error = ?, result = ?,"
                + " owner = NULL, updated_ms = ? WHERE id = ? AND claim_no = ? AND status = 'CLAIMED'",
                status.wire(), attempts, error, result, now, id, claimNo) == 1;
    }

    /** When the next row of this queue falls due (a lease end for claimed rows); empty when none is waiting. */
    public Optional<Instant> nextDue() {
        return jdbc.queryOne("SELECT MIN(next_attempt_ms) FROM outbox WHERE queue = ? AND status IN ('PENDING', 'CLAIMED')", rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : Instant.ofEpochMilli(v);
        }, queue);
    }

    /** Rows of this queue in {@code status}. */
    public int count(OutboxStatus status) {
        return (int) jdbc.count("SELECT COUNT(*) FROM outbox WHERE queue = ? AND status = ?", queue, status.wire());
    }

    /** Rows completed with {@code result} after {@code since} (their last change), oldest first: rate limits count these. */
    public List<Finished> finished(String result, Instant since) {
        return jdbc.query("SELECT id, payload, updated_ms FROM outbox WHERE queue = ?"
                        + " AND status = 'DONE' AND result = ? AND updated_ms > ? ORDER BY updated_ms, id",
                rs -> new Finished(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))), queue, result, since.toEpochMilli());
    }

    /** Relabels completed rows (e.g. suppressed ones once a summary told of them); their time stays. */
    public void relabel(List<Long> ids, String from, String to) {
        if (ids.isEmpty()) return;
        List<Object[]> rows = new ArrayList<>();
        for (long id : ids) rows.add(new Object[] {to, id, queue, from});
        jdbc.inTransaction(tx -> tx.batch("UPDATE outbox SET result = ? WHERE id = ? AND queue = ? AND result = ?", rows));
    }

    /** Whether a row with exactly this payload is waiting (pending or claimed). */
    public boolean waiting(String payload) {
        return jdbc.exists("SELECT 1 FROM outbox WHERE queue = ? AND payload = ? AND status IN ('PENDING', 'CLAIMED')", queue, payload);
    }

    /** A completed row: its payload and when it was completed. */
    public record Finished(long id, String payload, Instant at) {
    }

    private record Candidate(long id, String payload, OutboxStatus status, int attempts, long claimNo, String lastError,
                             long createdMs, String owner) {
    }
}
