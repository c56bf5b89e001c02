package dev.clawdbot.agent;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.StorageException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for turns: one writer thread takes every turn waiting to be stored and writes them in one
 * transaction, each in its own savepoint, so that N concurrent turns cost one commit (one fsync with SQLite's
 * synchronous=FULL) instead of N commits contending for SQLite's write lock (whose busy handler sleeps up to
 * 100 ms per retry). A caller returns only after the transaction holding its work has committed, so nothing is
 * acknowledged before it is durable; a work that fails is rolled back to its savepoint alone.
 */
final class GroupCommit implements AutoCloseable {

    /** Turns per transaction at most: bounds how long the first one waits for the last. */
    static final int MAX_BATCH = 64;

    private final Database db;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final java.util.concurrent.atomic.AtomicLong transactions = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    GroupCommit(Database db) {
        this.db = db;
        this.writer = Thread.ofPlatform().daemon().name("turn-commit").start(this::loop);
    }

    /** Runs {@code work} inside the next group transaction and returns its result once that transaction committed. */
    <T> T run(Database.SqlWork<T> work) {
        if (closed || Thread.currentThread() == writer) return db.inTransaction(work);
        Pending<T> p = new Pending<>(work);
        queue.add(p);
        if (closed && queue.remove(p)) return db.inTransaction(work);
        try {
            return p.result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Works waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** Group transactions committed so far. */
    long transactions() {
        return transactions.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Whatever is still queued (the writer did not stop in time) is written in its own transaction.
        for (Pending<?> p; (p = queue.poll()) != null; ) p.runAlone(db);
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            Pending<?> first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) continue;
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            batch.clear();
        }
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
            for (Pending<?> p : done) p.result.completeExceptionally(failure);
            return;
        }
        for (Pending<?> p : done) p.complete();
    }

    private static final class Pending<T> {
        final Database.SqlWork<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;

        Pending(Database.SqlWork<T> work) {
            this.work = work;
        }

        /** Runs the work in its own savepoint; false (and the work's failure reported) when it threw. */
        boolean runIn(Connection c) throws SQLException {
            Savepoint sp = c.setSavepoint();
            try {
                value = work.run(c);
                c.releaseSavepoint(sp);
                return true;
            } catch (SQLException e) {
                c.rollback(sp);
                result.completeExceptionally(new StorageException("database error: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                c.rollback(sp);
                result.completeExceptionally(e);
            }
            return false;
        }

        void complete() {
            result.complete(value);
        }

        void runAlone(Database db) {
            try {
                result.complete(db.inTransaction(work));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }
}
