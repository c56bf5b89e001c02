package dev.clawdbot.broker.bridge;

import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.outbox.Backoff;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving gateway's side of the spool: drains it into the {@link BridgeReceiver} at start and then every
 * {@code interval}; while the receiver is unavailable (503, or its database is down) the delay doubles up to
 * {@code maxBackoff}, and the first successful pass resets it. Duplicates (notes the receiver already took, e.g.
 * re-delivered after a crash between delivery and removal) are refused by its replay cache and counted here.
 */
public final class SpoolDrainer implements AutoCloseable {

    private final SpoolBridgeTransport spool;
    private final BridgeReceiver receiver;
    private final EventSink events;
    private final Clock clock;
    private final Duration interval;
    private final Backoff backoff;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private ScheduledExecutorService scheduler;
    private int unavailableRuns;

    public SpoolDrainer(SpoolBridgeTransport spool, BridgeReceiver receiver, EventSink events, Clock clock, Duration interval, Duration maxBackoff) {
        if (interval.isNegative() || interval.isZero() || maxBackoff.compareTo(interval) < 0) {
            throw new IllegalArgumentException("spool drain: interval must be positive and maxBackoff at least the interval");
        }
        this.spool = spool;
        this.receiver = receiver;
        this.events = events;
        this.clock = clock;
        this.interval = interval;
        // No jitter: one drainer per gateway.
        this.backoff = new Backoff(interval, maxBackoff, 0);
    }

    public synchronized void start() {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("bridge-spool").unstarted(r));
        scheduler.execute(this::tick);
    }

    private void tick() {
        boolean unavailable;
        try {
            unavailable = drainOnce().receiverUnavailable();
        } catch (IOException | RuntimeException e) {
            unavailable = true;
        }
        // The n-th pass in a row that found the receiver unavailable waits interval * 2^n, capped.
        unavailableRuns = unavailable ? unavailableRuns + 1 : 0;
        long delayMs = unavailable ? backoff.delay(unavailableRuns + 1).toMillis() : interval.toMillis();
        synchronized (this) {
            if (scheduler != null && !scheduler.isShutdown()) scheduler.schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One pass now, on the caller's thread. */
    public SpoolBridgeTransport.DrainResult drainOnce() throws IOException {
        SpoolBridgeTransport.DrainResult r = spool.drainAll(receiver);
        delivered.addAndGet(r.delivered());
        duplicates.addAndGet(r.duplicates());
        if (r.delivered() + r.duplicates() + r.rejected() > 0 || r.receiverUnavailable()) {
            events.emit(Event.of(clock.instant(), BrokerEvents.BRIDGE_SPOOL_DRAINED, r.receiverUnavailable() || r.rejected() > 0 ? 5 : 2, "bridge",
                    "delivered", r.delivered(), "duplicates", r.duplicates(), "rejected", r.rejected(), "waiting", r.waiting(),
                    "receiverUnavailable", r.receiverUnavailable()));
        }
        return r;
    }

    /** Notes delivered since start. */
    public long delivered() {
        return delivered.get();
    }

    /** Re-deliveries the receiver refused as already delivered, since start. */
    public long duplicates() {
        return duplicates.get();
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) scheduler.shutdownNow();
        scheduler = null;
    }
}
