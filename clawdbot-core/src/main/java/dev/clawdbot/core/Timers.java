package dev.clawdbot.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Timer threads for deadlines and timeouts that are usually cancelled before they fire. */
public final class Timers {
    private Timers() {
    }

    /**
     * One daemon thread that removes a task from its queue when it is cancelled. The JDK's default keeps a
     * cancelled task queued until its delay has passed: the 5-minute turn deadline that every turn schedules and
     * cancels kept up to 60,000 dead tasks alive at 200 turns/s (26,000 seen in a heap histogram after 130 s),
     * and every insertion into the queue paid for them.
     */
    public static ScheduledExecutorService daemon(String name) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name(name).factory());
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
