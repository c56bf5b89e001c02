package dev.clawdbot.core.notify;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns events at or above the notifier's level into operator notices. It listens on the event log, so it runs on
 * the emitting thread, which may hold a database transaction: it only queues (bounded, never blocks) and one
 * thread of its own hands the notices to the notifier. Events of one type and actor inside the de-duplication
 * window become one notice. Event fields are redacted and carry no untrusted text (see docs/events.md).
 */
public final class EventNotices implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventNotices.class);
    /** A storm of 1,000 alerts queued faster than one database writes them is held; beyond that they are counted. */
    static final int CAPACITY = 1000;

    private final OperatorNotifier notifier;
    private final int level;
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    public EventNotices(OperatorNotifier notifier, int level) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.level = level;
        this.thread = Thread.ofPlatform().name("clawdbot-event-notices").daemon(true).unstarted(this::run);
        thread.start();
    }

    @Override
    public void emit(Event event) {
        if (event == null || event.level() < level || closed) return;
        if (!queue.offer(event) && dropped.incrementAndGet() == 1) {
            LOG.error("operator notice queue full: events at level {} and above are in the event log only (first: {})", level, event.type());
        }
    }

    /** Events not turned into notices because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    static OperatorNotice toNotice(Event e) {
        StringBuilder body = new StringBuilder();
        body.append("type: ").append(e.type()).append("\nlevel: ").append(e.level()).append("\nactor: ").append(e.actor())
                .append("\ntime: ").append(e.time());
        for (Map.Entry<String, Object> f : e.fields().entrySet()) body.append('\n').append(f.getKey()).append(": ").append(f.getValue());
        return new OperatorNotice("events", "event:" + e.type() + ":" + e.actor(), e.level(),
                e.type() + " (level " + e.level() + ", " + e.actor() + ")", body.toString(), e.time());
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Event e;
            try {
                e = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            if (e == null) continue;
            try {
                notifier.notify(toNotice(e));
            } catch (RuntimeException ex) {
                LOG.error("operator notice for {} failed: {}", e.type(), ex.toString());
            }
        }
    }

    /** Hands what is queued to the notifier, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(java.time.Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
