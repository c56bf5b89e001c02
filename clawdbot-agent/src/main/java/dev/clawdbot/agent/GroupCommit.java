package dev.clawdbot.agent;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.StorageException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for turns: a caller queues its work and takes the write lock; whoever holds it writes every work
 * queued so far (its own included) in one transaction, each in its own savepoint, so N concurrent turns cost one
 * commit (one fsync with SQLite's synchronous=FULL) instead of N transactions contending for SQLite's write lock,
 * whose busy handler sleeps up to 100 ms between retries. A caller whose work an earlier holder committed finds
 * it done when it gets the lock. No extra thread: the committing caller needs no hand-off to be scheduled on a
 * busy machine. A caller returns only after the transaction holding its work has committed, so nothing is
 * acknowledged before it is durable; a work that fails is rolled back to its savepoint alone. Works must not
 * call back into the same instance.
 */
final class GroupCommit {

    /** Works per transaction at most: bounds how long the first one waits for the last. */
    static final int MAX_BATCH = 64;

    private final Database db;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicLong transactions = new AtomicLong();

    GroupCommit(Database db) {
        this.db = db;
    }

    /** Runs {@code work} in the next group transaction and returns its result once that transaction committed. */
    <T> T run(Database.SqlWork<T> work) {
        Pending<T> p = new Pending<>(work);
        queue.add(p);
        writing.lock();
        try {
            // Queued before we got the lock, so either an earlier holder wrote it or this drain includes it.
            while (!p.finished) {
                List<Pending<?>> batch = drain();
                if (batch.isEmpty()) throw new IllegalStateException("queued work was taken but never finished");
                write(batch);
            }
        } finally {
            writing.unlock();
        }
        return p.outcome();
    }

    /** Works waiting for the lock holder. */
    int queued() {
        return queue.size();
    }

    /** Group transactions committed so far. */
    long transactions() {
        return transactions.get();
    }

    private List<Pending<?>> drain() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) batch.add(p);
        return batch;
    }

    private void write(List<Pending<?>> batch) {
        List<Pending<?>> done = new ArrayList<>(batch.size());
        try {
            db.withConnection(c -> {
                c.setAutoCommit(false);
                try {
                    for (Pending<?> p : batch) {
                        if (p.runIn(c)) done.add(p);
                    }
                    c.commit();
                    transactions.incrementAndGet();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                return null;
            });
        } catch (RuntimeException e) {
            StorageException failure = e instanceof StorageException s ? s : new StorageException("database error: " + e.getMessage(), e);
            // Works that succeeded are rolled back with the transaction; works not reached never ran.
            for (Pending<?> p : batch) if (!p.finished) p.fail(failure);
            return;
        }
        for (Pending<?> p : done) p.finished = true;
    }

    /** One caller's work; its fields are written and read under the lock. */
    private static final class Pending<T> {
        final Database.SqlWork<T> work;
        T value;
        RuntimeException failure;
        boolean finished;

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
            return value;
        }
    }
}
