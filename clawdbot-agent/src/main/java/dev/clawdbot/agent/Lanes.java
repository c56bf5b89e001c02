package dev.clawdbot.agent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * One lane per session: its jobs run one at a time in arrival order on a virtual thread, and a global
 * semaphore caps how many lanes run at once. A lane's waiting queue is bounded.
 */
final class Lanes {

    private final Semaphore permits;
    private final int maxQueued;
    private final Consumer<Throwable> onCrash;
    private final Map<String, Lane> lanes = new HashMap<>();

    Lanes(int maxConcurrent, int maxQueued, Consumer<Throwable> onCrash) {
        this.permits = new Semaphore(maxConcurrent, true);
        this.maxQueued = maxQueued;
        this.onCrash = onCrash;
    }

    /** Queues the job on the key's lane; false when the lane already has {@code maxQueued} jobs waiting. */
    synchronized boolean submit(String key, Runnable job) {
        Lane lane = lanes.get(key);
        if (lane == null) {
            lane = new Lane();
            lanes.put(key, lane);
            lane.queue.add(job);
            Lane started = lane;
            Thread.ofVirtual().name("lane-" + key).start(() -> drain(key, started));
            return true;
        }
        if (lane.queue.size() >= maxQueued) return false;
        lane.queue.add(job);
        return true;
    }

    /** Jobs waiting behind the running one. */
    synchronized int queued(String key) {
        Lane lane = lanes.get(key);
        return lane == null ? 0 : lane.queue.size();
    }

    synchronized int activeLanes() {
        return lanes.size();
    }

    /** Waits until every lane is idle; false if the timeout passed first. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!lanes.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void drain(String key, Lane lane) {
        while (true) {
            Runnable job;
            synchronized (this) {
                job = lane.queue.poll();
                if (job == null) {
                    lanes.remove(key);
                    notifyAll();
                    return;
                }
            }
            permits.acquireUninterruptibly();
            try {
                job.run();
            } catch (Throwable t) {
                onCrash.accept(t);
            } finally {
                permits.release();
                // A /stop interrupts the lane's thread; the next job must not inherit that.
                Thread.interrupted();
            }
        }
    }

    private static final class Lane {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    }
}
