package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.outbox.Wakeup;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Every outgoing call that counts against Telegram's limits goes through here: one worker sends in
 * order per chat, at most one call per chat per {@code perChat} interval and {@code globalPerSecond}
 * calls in any second overall. A 429 is flood control for the whole bot: every send pauses for
 * {@code retry_after}, then the refused call goes first again (so each chat keeps its order) and is retried up to
 * {@link #MAX_ATTEMPTS} times; other failures complete the future exceptionally.
 */
public final class OutboundQueue implements AutoCloseable {
    static final int MAX_ATTEMPTS = 5;

    private record Task<T>(long chatId, Supplier<T> call, CompletableFuture<T> result, int[] attempts) {
    }

    private final long perChatNanos;
    private final int globalPerSecond;
    private final EventSink events;
    private final Clock clock;
    private final LinkedList<Task<?>> tasks = new LinkedList<>();
    private final Map<Long, Long> chatReadyAt = new HashMap<>();
    private final Deque<Long> recentSends = new ArrayDeque<>();
    /** Wakes the worker when a task arrives, a pause changes or the queue closes; kept when it is not waiting yet. */
    private final Wakeup wakeup = new Wakeup();
    private final Thread worker;
    /** System.nanoTime before which nothing is sent (a 429's retry_after); guarded by {@code tasks}. */
    private long pausedUntil = System.nanoTime();
    private volatile boolean closed;

    public OutboundQueue(Duration perChat, int globalPerSecond, EventSink events, Clock clock, String name) {
        this.perChatNanos = perChat.toNanos();
        this.globalPerSecond = globalPerSecond;
        this.events = events;
        this.clock = clock;
        this.worker = Thread.ofPlatform().daemon().name("telegram-out-" + name).start(this::run);
    }

    public <T> CompletableFuture<T> submit(long chatId, Supplier<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        synchronized (tasks) {
            if (closed) {
                f.completeExceptionally(new IllegalStateException("outbound queue is closed"));
                return f;
            }
            tasks.addLast(new Task<>(chatId, call, f, new int[1]));
        }
        wakeup.wake();
        return f;
    }

    /** Holds every send back for {@code nanos} (or longer, if an earlier pause lasts longer): a 429 seen elsewhere. */
    void pause(long nanos) {
        synchronized (tasks) {
            long until = System.nanoTime() + nanos;
            if (until - pausedUntil > 0) pausedUntil = until;
        }
        wakeup.wake();
    }

    /** Whether a 429 currently holds every send back. */
    public boolean paused() {
        synchronized (tasks) {
            return pausedUntil - System.nanoTime() > 0;
        }
    }

    public int depth() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    private void run() {
        while (true) {
            Task<?> task = null;
            long wait = Long.MAX_VALUE;
            synchronized (tasks) {
                if (closed) return;
                long now = System.nanoTime();
                while (!recentSends.isEmpty() && now - recentSends.peekFirst() >= 1_000_000_000L) recentSends.pollFirst();
                if (pausedUntil - now > 0) {
                    wait = pausedUntil - now;
                } else if (recentSends.size() >= globalPerSecond) {
                    wait = recentSends.peekFirst() + 1_000_000_000L - now;
                } else {
                    java.util.Set<Long> blocked = new java.util.HashSet<>();
                    for (Iterator<Task<?>> it = tasks.iterator(); it.hasNext(); ) {
                        Task<?> t = it.next();
                        if (blocked.contains(t.chatId())) continue;
                        Long ready = chatReadyAt.get(t.chatId());
                        if (ready == null || ready - now <= 0) {
                            it.remove();
                            task = t;
                            break;
                        }
                        // Keep per-chat order: nothing later for this chat may overtake.
                        blocked.add(t.chatId());
                        wait = Math.min(wait, ready - now);
                    }
                }
                if (task != null) {
                    recentSends.addLast(now);
                    chatReadyAt.put(task.chatId(), now + perChatNanos);
                }
            }
            if (task != null) {
                // The spacing counts from the call's real start: between the pick above and here the thread can be
                // descheduled (10 ms seen on a loaded 2-core CI), and a call that starts late must not shorten the
                // next gap. Only this thread adds to recentSends, so its last entry is this task's.
                long started = System.nanoTime();
                synchronized (tasks) {
                    recentSends.pollLast();
                    recentSends.addLast(started);
                    chatReadyAt.put(task.chatId(), started + perChatNanos);
                }
                execute(task);
                continue;
            }
            // Outside the lock: a wake sent after the lock was released and before this wait is kept, not lost.
            wakeup.await(Duration.ofNanos(Math.max(1_000_000, wait)));
            if (Thread.currentThread().isInterrupted()) return;
        }
    }

    private <T> void execute(Task<T> task) {
        try {
            task.result().complete(task.call().get());
        } catch (TelegramApiException e) {
            if (e.isRateLimited() && ++task.attempts()[0] < MAX_ATTEMPTS) {
                long pause = Duration.ofSeconds(Math.max(1, e.retryAfterSeconds())).toNanos();
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_RATE_LIMITED, "telegram",
                        "chat", task.chatId(), "retryAfterSeconds", e.retryAfterSeconds()));
                synchronized (tasks) {
                    pause(pause);
                    tasks.addFirst(task);
                }
            } else {
                task.result().completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            task.result().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        synchronized (tasks) {
            closed = true;
            for (Task<?> t : tasks) t.result().completeExceptionally(new IllegalStateException("outbound queue closed"));
            tasks.clear();
        }
        wakeup.wake();
        worker.interrupt();
    }
}
