package dev.clawdbot.agent;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.StorageException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for turns: the first caller to find no transaction in progress becomes the leader and writes
 * every work queued so far (its own first, at most {@link #MAX_BATCH}) in one transaction, each in its own
 * savepoint, so N concurrent turns cost one commit (one fsync with SQLite's synchronous=FULL) instead of N
 * transactions contending for SQLite's write lock, whose busy handler sleeps up to 100 ms between retries.
 * Followers wait on their own signal: the leader wakes each of them once their work is committed (all at once,
 * not one after another), and hands leadership to the oldest waiting work when more arrived meanwhile. The
 * leader commits on its own thread, so its turn needs no hand-off to another thread. A caller returns only after
 * the transaction holding its work has committed, so nothing is acknowledged before it is durable; a work that
 * fails is rolled back to its savepoint alone. Works must not call back into the same instance.
 */
final class GroupCommit {

    /** Works per transaction at most: bounds how long the first one waits for the last. */
    static final int MAX_BATCH = 64;

    private final Database db;
    /** Guarded by {@code this}, like {@link #leading}. */
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private boolean leading;
    private final AtomicLong transactions = new AtomicLong();

    GroupCommit(Database db) {
        this.db = db;
    }

    /** Runs {@code work} in a group transaction and returns its result once that transaction committed. */
    <T> T run(Database.SqlWork<T> work) {
        Pending<T> p = new Pending<>(work);
        boolean lead;
        synchronized (this) {
            queue.add(p);
            lead = !leading;
            leading = true;
        }
        if (!lead) lead = p.awaitTurn();
        if (lead) {
            List<Pending<?>> batch;
            synchronized (this) {
                batch = new ArrayList<>(Math.min(MAX_BATCH, queue.size()));
                for (Pending<?> q; batch.size() < MAX_BATCH && (q = queue.poll()) != null; ) batch.add(q);
            }
            try {
                write(batch);
            } finally {
                Pending<?> next;
                synchronized (this) {
                    next = queue.peek();
                    leading = next != null;
                }
                if (next != null) next.signal(true);
                for (Pending<?> q : batch) if (q != p) q.signal(false);
            }
        }
        return p.outcome();
    }

    /** Works waiting for a leader. */
    synchronized int queued() {
        return queue.size();
    }

    /** Group transactions committed so far. */
    long transactions() {
        return transactions.get();
    }

    private void write(List<Pending<?>> batch) {
        List<Pending<?>> done = new ArrayList<>(batch.size());
        try {
            db.inTransaction(c -> {
                for (Pending<?> p : batch) {
                    if (p.runIn(c)) done.add(p);
                }
                return null;
            });
            transactions.incrementAndGet();
        } catch (RuntimeException e) {
            StorageException failure = e instanceof StorageException s ? s : new StorageException("database error: " + e.getMessage(), e);
            // Works that succeeded are rolled back with the transaction; works not reached never ran.
            for (Pending<?> p : batch) if (!p.finished) p.fail(failure);
            return;
        }
        for (Pending<?> p : done) p.finished = true;
    }

    /**
     * One caller's work. The leader writes its fields before {@link #signal}; the caller reads them after its
     * wait returns, and the future's completion orders the two.
     */
    private static final class Pending<T> {
        final Database.SqlWork<T> work;
        /** True: lead the next batch; false: the work is finished (committed or failed). */
        private final CompletableFuture<Boolean> turn = new CompletableFuture<>();
        T value;
        RuntimeException failure;
        boolean finished;

        void signal(boolean lead) {
            turn.complete(lead);
        }

        /** Waits until this work is finished (false) or its caller must lead (true). */
        boolean awaitTurn() {
            return turn.join();
        }

        Pending(Database.SqlWork<T> work) {
            this.work = work;
        }

        /** Runs the work in its own savepoint; false (and the work's failure kept) when it threw. */
        boolean runIn(Connection c) throws SQLException {
            Savepoint sp = c.setSavepoint();
            try {
                value = work.run(c);
                c.releaseSavepoint(sp);
                return true;
            } catch (SQLException e) {
                c.rollback(sp);
                fail(new StorageException("database error: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                c.rollback(sp);
                fail(e);
            }
            return false;
        }

        void fail(RuntimeException e) {
            failure = e;
            finished = true;
        }

        T outcome() {
            if (failure != null) throw failure;
            if (!finished) throw new StorageException("the group transaction holding this turn did not finish", null);
            return value;
        }
    }
}
