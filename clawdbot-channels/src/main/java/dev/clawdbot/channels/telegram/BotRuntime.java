package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.outbox.Backoff;
import dev.clawdbot.core.outbox.Wakeup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One bot's intake: long polling (after {@code deleteWebhook}) or webhook mode (after {@code setWebhook}),
 * both committing updates to the inbox, and one dispatcher thread that hands pending rows to the handler.
 */
public final class BotRuntime implements AutoCloseable {
    static final java.time.Duration RETENTION = java.time.Duration.ofDays(30);
    static final int MAX_RESUBMITS = 2;
    private final TelegramConfig config;
    private final BotApiClient api;
    private final UpdateStore store;
    private final UpdateHandler handler;
    private final EventSink events;
    private final Clock clock;
    private final String name;
    /** A failed poll waits 0.5 s, doubling to a minute; without jitter (one poller per bot). */
    private static final Backoff POLL_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofMinutes(1), 0);
    /** Pending rows are swept this often even when nothing woke the dispatcher. */
    private static final Duration SWEEP = Duration.ofSeconds(5);
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean running;
    private volatile boolean closed;
    private Thread poller;
    private Thread dispatcher;

    public BotRuntime(String name, TelegramConfig config, BotApiClient api, UpdateStore store, UpdateHandler handler, EventSink events, Clock clock) {
        this.name = name;
        this.config = config;
        this.api = api;
        this.store = store;
        this.handler = handler;
        this.events = events;
        this.clock = clock;
    }

    /** Switches Telegram to this bot's mode and starts the threads; rows interrupted by a restart are resubmitted first. */
    public synchronized void start() {
        if (running) return;
        running = true;
        recoverInterrupted();
        dispatcher = Thread.ofPlatform().daemon().name("telegram-dispatch-" + name).start(this::dispatchLoop);
        if (config.mode() == TelegramConfig.Mode.WEBHOOK) {
            api.setWebhook(config.webhookUrl(), config.webhookSecret());
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_MODE, name, "mode", "webhook"));
        } else {
            poller = Thread.ofPlatform().daemon().name("telegram-poll-" + name).start(this::pollLoop);
        }
    }

    /**
     * Rows handed to the agent by an earlier process that never finished go back to pending: the handler submits
     * them again under the same idempotency key, so the gateway replays a reply it had committed instead of running
     * the model twice. A row that was already resubmitted {@link #MAX_RESUBMITS} times (it may be what kills the
     * process) is reported to its sender instead.
     */
    void recoverInterrupted() {
        for (UpdateStore.InboxRow row : store.withStatus(InboxStatus.SUBMITTED, Integer.MAX_VALUE)) {
            if (store.resubmit(row.id(), MAX_RESUBMITS)) {
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_UPDATE_RESUBMITTED, name, "updateId", row.updateId()));
            } else if (store.transition(row.id(), InboxStatus.SUBMITTED, InboxStatus.INTERRUPTED)) {
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_UPDATE_INTERRUPTED, name, "updateId", row.updateId()));
                handler.interrupted(row);
            }
        }
    }

    /** One getUpdates round: fetch after the committed offset, commit rows and offset together. */
    int pollOnce(UpdateStore.CommitHook hook) {
        List<JsonNode> updates = api.getUpdates(store.nextOffset(), config.pollTimeoutSeconds());
        int added = store.accept(updates, hook);
        if (added > 0) wake();
        return added;
    }

    private void pollLoop() {
        int failures = 0;
        boolean webhookCleared = false;
        while (running) {
            try {
                if (!webhookCleared) {
                    api.deleteWebhook();
                    webhookCleared = true;
                    events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_MODE, name, "mode", "polling"));
                }
                pollOnce(UpdateStore.CommitHook.NONE);
                failures = 0;
            } catch (TelegramApiException e) {
                if (!running) return;
                if (e.errorCode() == 409) webhookCleared = false;
                long backoffMs = POLL_BACKOFF.delay(++failures).toMillis();
                long wait = e.isRateLimited() ? e.retryAfterSeconds() * 1000L : backoffMs;
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_POLL_FAILED, e.errorCode() == 401 ? 10 : 4, name,
                        "code", e.errorCode(), "retryInMs", wait));
                pause(wait);
            } catch (RuntimeException e) {
                if (!running) return;
                long backoffMs = POLL_BACKOFF.delay(++failures).toMillis();
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_POLL_FAILED, 6, name, "error", e.getClass().getSimpleName(), "retryInMs", backoffMs));
                pause(backoffMs);
            }
        }
    }

    /** Accepts one webhook delivery; see {@link WebhookHandler}. */
    public int acceptWebhook(Map<String, List<String>> headers, byte[] body) {
        String given = header(headers, "X-Telegram-Bot-Api-Secret-Token");
        String expected = config.webhookSecret();
        if (expected == null || given == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_WEBHOOK_REJECTED, name, "reason", given == null ? "missing secret" : "wrong secret"));
            return 401;
        }
        JsonNode update;
        try {
            update = BotApiClient.JSON.readTree(body);
        } catch (IOException e) {
            update = null;
        }
        if (update == null || !update.isObject() || !update.path("update_id").canConvertToLong()) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_WEBHOOK_REJECTED, 4, name, "reason", "malformed update", "bytes", body.length));
            return 400;
        }
        try {
            store.accept(List.of(update));
        } catch (RuntimeException e) {
            // Telegram retries a failed delivery, so nothing is lost.
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_WEBHOOK_FAILED, name, "error", e.getClass().getSimpleName()));
            return 503;
        }
        wake();
        return 200;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) return e.getValue().get(0);
        }
        return null;
    }

    void wake() {
        wakeup.wake();
    }

    private void dispatchLoop() {
        long nextPrune = 0;
        while (running) {
            if (System.nanoTime() - nextPrune >= 0) {
                prune();
                nextPrune = System.nanoTime() + 3_600_000_000_000L;
            }
            dispatchPending();
            wakeup.await(SWEEP);
            if (Thread.currentThread().isInterrupted()) return;
        }
    }

    /** Finished rows are kept {@link #RETENTION} for audit, then deleted. */
    private void prune() {
        try {
            int n = store.prune(clock.instant().minus(RETENTION));
            if (n > 0) events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_INBOX_PRUNED, name, "rows", n));
        } catch (RuntimeException e) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_DISPATCH_FAILED, name, "error", e.getClass().getSimpleName()));
        }
    }

    /** Hands every pending row to the handler, in update order. */
    void dispatchPending() {
        while (!closed) {
            List<UpdateStore.InboxRow> rows;
            try {
                rows = store.withStatus(InboxStatus.PENDING, 50);
            } catch (RuntimeException e) {
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_DISPATCH_FAILED, name, "error", e.getClass().getSimpleName()));
                return;
            }
            if (rows.isEmpty()) return;
            for (UpdateStore.InboxRow row : rows) {
                if (closed) return;
                try {
                    handler.handle(row);
                } catch (RuntimeException e) {
                    store.transition(row.id(), InboxStatus.PENDING, InboxStatus.FAILED);
                    events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_UPDATE_FAILED, name, "updateId", row.updateId(),
                            "error", e.getClass().getSimpleName()));
                }
            }
        }
    }

    public int pendingCount() {
        return store.count(InboxStatus.PENDING);
    }

    private void pause(long ms) {
        LockSupport.parkNanos(ms * 1_000_000L);
    }

    @Override
    public synchronized void close() {
        running = false;
        closed = true;
        wake();
        if (poller != null) poller.interrupt();
        if (dispatcher != null) dispatcher.interrupt();
    }
}
