package dev.clawdbot.core.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thread that works an {@link Outbox}: it claims due rows, hands each to the handler and records the outcome,
 * then sleeps on the outbox's {@link Wakeup} until the next row falls due, something is added, or
 * {@code pollInterval} passes (rows another process added wake nobody here). A handler that throws counts as a
 * retryable failure.
 */
public final class OutboxWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final int BATCH = 20;

    private final Outbox outbox;
    private final Handler handler;
    private final Clock clock;
    private final Duration pollInterval;
    private final Thread thread;
    private volatile boolean closed;

    public OutboxWorker(Outbox outbox, Handler handler, Clock clock, Duration pollInterval) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.thread = Thread.ofPlatform().name("clawdbot-outbox-" + outbox.queue()).daemon(true).unstarted(this::loop);
    }

    public OutboxWorker start() {
        thread.start();
        return this;
    }

    /** Makes the worker look for due rows now (after a test advanced its clock, say). */
    public void wake() {
        outbox.wakeup().wake();
    }

    /** Works every due row once, on the calling thread; returns how many it handled. */
    public int runOnce() {
        int handled = 0;
        List<OutboxItem> items;
        do {
            items = outbox.claim(BATCH);
            for (OutboxItem item : items) {
                if (closed) return handled;
                handle(item);
                handled++;
            }
        } while (items.size() == BATCH);
        return handled;
    }

    private void handle(OutboxItem item) {
        Outcome outcome;
        try {
            outcome = handler.handle(item);
        } catch (RuntimeException e) {
            outcome = new Outcome.Retry(e.toString());
        }
        switch (outcome) {
            case Outcome.Done d -> outbox.complete(item, d.result());
            case Outcome.Retry r -> outbox.retry(item, r.error()).ifPresent(s -> {
                if (s == OutboxStatus.FAILED) LOG.warn("outbox {}: row {} failed for good after {} attempts: {}", outbox.queue(), item.id(), item.attempts() + 1, r.error());
            });
            case Outcome.Defer d -> outbox.defer(item, d.until());
            case Outcome.Fail f -> outbox.fail(item, f.error());
        }
    }

    private void loop() {
        while (!closed) {
            try {
                runOnce();
                Duration wait = pollInterval;
                Instant next = outbox.nextDue().orElse(null);
                if (next != null) {
                    Duration untilDue = Duration.between(clock.instant(), next);
                    if (untilDue.compareTo(wait) < 0) wait = untilDue.isNegative() ? Duration.ZERO : untilDue;
                }
                // Never spin: a row due "now" that this worker could not claim (another process holds it) waits 50 ms.
                outbox.wakeup().await(wait.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : wait);
            } catch (RuntimeException e) {
                LOG.warn("outbox {}: {}", outbox.queue(), e.toString());
                outbox.wakeup().await(pollInterval);
            }
        }
    }

    /** Stops the worker; one never started (a one-shot command's notifier) has nothing to stop. */
    @Override
    public void close() {
        closed = true;
        // Thread.join(Duration) throws IllegalThreadStateException for a thread never started (JDK 25 checks it).
        if (thread.getState() == Thread.State.NEW) return;
        outbox.wakeup().wake();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Does the work of one row; runs on the worker's thread. */
    @FunctionalInterface
    public interface Handler {
        Outcome handle(OutboxItem item);
    }

    /** How an attempt ended. */
    public sealed interface Outcome {
        /** Done; {@code result} is kept on the row. */
        record Done(String result) implements Outcome {
        }

        /** Failed; retried after the back-off, FAILED once the attempts are used. */
        record Retry(String error) implements Outcome {
        }

        /** Not now, not a failure: due again at {@code until}. */
        record Defer(Instant until) implements Outcome {
        }

        /** Cannot succeed: FAILED at once. */
        record Fail(String error) implements Outcome {
        }
    }
}
