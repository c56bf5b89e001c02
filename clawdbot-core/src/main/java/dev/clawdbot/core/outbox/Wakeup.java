package dev.clawdbot.core.outbox;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one wait/wake primitive of a worker (db-scheduler's Waiter): {@link #await} sleeps until the deadline or a
 * {@link #wake}; a wake that comes while nobody waits is kept, so work added just before the wait is not missed.
 */
public final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean pending;

    public void wake() {
        lock.lock();
        try {
            pending = true;
            signal.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code max}; true if woken (or a wake was pending), false on time-out or interrupt. */
    public boolean await(Duration max) {
        lock.lock();
        try {
            long left = Math.max(0, max.toNanos());
            while (!pending && left > 0) {
                try {
                    left = signal.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            boolean woken = pending;
            pending = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a wake is pending, for tests. */
    boolean pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }
}
