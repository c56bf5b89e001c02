package dev.clawdbot.fleet.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.outbox.Backoff;
import dev.clawdbot.core.outbox.Outbox;
import dev.clawdbot.core.outbox.OutboxItem;
import dev.clawdbot.core.outbox.OutboxWorker;
import dev.clawdbot.core.storage.Database;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Sends monitor events to the webhooks as Standard Webhooks: each event becomes one outbox row per target (queue
 * {@code monitor.webhook}, so a receiver that is down gets it later, with back-off, up to 12 attempts), and each
 * attempt is a POST signed at send time with the same {@code webhook-id}. 2xx is done, 410 Gone gives up, anything
 * else is retried. The body is {@code {"type", "timestamp", "data"}} with the event's fields as data.
 */
public final class WebhookSender implements EventSink, AutoCloseable {
    static final String QUEUE = "monitor.webhook";
    static final int MAX_ATTEMPTS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookSender.class);

    private final Map<String, WebhookTarget> targets = new LinkedHashMap<>();
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private final Outbox outbox;
    private final HttpClient http;
    private final Clock clock;
    private final OutboxWorker worker;
    private boolean started;

    public WebhookSender(Database db, List<WebhookTarget> targets, Clock clock, Backoff backoff) {
        for (WebhookTarget t : targets) {
            this.targets.put(t.name(), t);
            keys.put(t.name(), StandardWebhooks.key("monitors.webhooks." + t.name() + ".secret", t.secret()));
        }
        this.clock = clock;
        this.outbox = new Outbox(db, QUEUE, clock, Duration.ofMinutes(2), backoff, MAX_ATTEMPTS,
                "monitor@" + ProcessHandle.current().pid(), RandomGenerator.getDefault());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.worker = new OutboxWorker(outbox, this::deliver, clock, Duration.ofSeconds(5));
    }

    public synchronized WebhookSender start() {
        if (!targets.isEmpty() && !started) {
            worker.start();
            started = true;
        }
        return this;
    }

    /** Queues the event for every target that wants its type. */
    @Override
    public void emit(Event e) {
        try {
            queue(e);
        } catch (RuntimeException ex) {
            // A sink must not throw: the monitor's own notice has gone out; this webhook message is lost.
            LOG.warn("webhook: {} not queued: {}", e.type(), ex.toString());
        }
    }

    private void queue(Event e) {
        for (WebhookTarget t : targets.values()) {
            if (!t.events().contains(e.type())) continue;
            ObjectNode body = JSON.createObjectNode();
            body.put("type", e.type());
            body.put("timestamp", e.time().toString());
            body.set("data", JSON.valueToTree(e.fields()));
            ObjectNode row = JSON.createObjectNode();
            row.put("target", t.name());
            row.put("id", "msg_" + UUID.randomUUID().toString().replace("-", ""));
            row.put("body", body.toString());
            outbox.add(row.toString(), clock.instant());
        }
        worker.wake();
    }

    /** Works due rows now, on the caller's thread (tests). */
    public int runOnce() {
        return worker.runOnce();
    }

    private OutboxWorker.Outcome deliver(OutboxItem item) {
        JsonNode row;
        try {
            row = JSON.readTree(item.payload());
        } catch (IOException e) {
            return new OutboxWorker.Outcome.Fail("unreadable row: " + e.getMessage());
        }
        WebhookTarget t = targets.get(row.path("target").asText());
        if (t == null) return new OutboxWorker.Outcome.Fail("no webhook " + row.path("target").asText() + " any more");
        String id = row.path("id").asText();
        String body = row.path("body").asText();
        long ts = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(t.url()).timeout(Duration.ofSeconds(15))
                .header("content-type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", StandardWebhooks.sign(keys.get(t.name()), id, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) return new OutboxWorker.Outcome.Done(Integer.toString(status));
            if (status == 410) return new OutboxWorker.Outcome.Fail("410 Gone: the receiver wants no more");
            return new OutboxWorker.Outcome.Retry("status " + status);
        } catch (IOException e) {
            return new OutboxWorker.Outcome.Retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OutboxWorker.Outcome.Retry("interrupted");
        }
    }

    @Override
    public synchronized void close() {
        if (started) worker.close(); // the worker's close joins its thread, which must have started
        started = false;
        http.close();
    }
}
