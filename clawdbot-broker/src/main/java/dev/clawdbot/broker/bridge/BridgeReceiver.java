package dev.clawdbot.broker.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user side of the bridge. {@link #handle} is what the gateway mounts at {@code POST /bridge/{agent}}
 * (and what the spool reader calls): it verifies the signature in constant time, the timestamp window, that
 * the signed body is addressed to {@code agent}, and that the id is new, then delivers an authenticated note.
 * Returns an HTTP status: 204 delivered, 400 malformed, 401 authentication failed, 404 unknown agent,
 * 409 replay, 503 replay cache full.
 */
public final class BridgeReceiver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final List<WebhookSecret> secrets;
    private final BridgeInbox inbox;
    private final ReplayCache replays;
    private final EventSink events;
    private final Clock clock;
    private final Duration tolerance;

    public BridgeReceiver(List<WebhookSecret> secrets, Duration tolerance, int maxReplayEntries, Database db,
                          BridgeInbox inbox, EventSink events, Clock clock) {
        this.secrets = List.copyOf(secrets);
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replays = new ReplayCache(db, clock, tolerance, maxReplayEntries);
    }

    public int handle(Map<String, String> headers, byte[] body, String agent) {
        if (agent == null || !BridgeSender.AGENT.matcher(agent).matches()) return reject(400, null, "invalid agent in path");
        if (body == null || body.length > MAX_BODY) return reject(400, agent, "body missing or too large");
        WebhookSignature.Verdict v = WebhookSignature.verify(headers, body, secrets, clock.instant(), tolerance);
        if (v instanceof WebhookSignature.Verdict.Invalid(String reason)) return reject(401, agent, reason);
        WebhookSignature.Verdict.Valid valid = (WebhookSignature.Verdict.Valid) v;
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return reject(400, agent, "signed body is not JSON");
        }
        if (json == null || !json.isObject() || !json.path("text").isTextual()) return reject(400, agent, "signed body lacks text");
        // The path is not signed; the body's addressee is. A note signed for one agent is refused by another.
        if (!agent.equals(json.path("to").asText(null))) return reject(401, agent, "signed for another agent");
        switch (replays.record(valid.id(), agent)) {
            case REPLAY -> {
                return reject(409, agent, "replayed message id");
            }
            case FULL -> {
                return reject(503, agent, "replay cache full");
            }
            case FRESH -> {
            }
        }
        String requestId = json.path("requestId").isTextual() ? json.path("requestId").asText() : null;
        String session = json.path("session").isTextual() ? json.path("session").asText() : null;
        String quoted = json.path("quoted").isTextual() ? json.path("quoted").asText() : null;
        BridgeNote note = new BridgeNote(valid.id(), valid.timestamp(), json.path("from").asText("admin"),
                json.path("text").asText(), requestId, session, quoted);
        if (!inbox.deliver(agent, note)) return reject(404, agent, "unknown agent");
        events.emit(Event.of(clock.instant(), BrokerEvents.BRIDGE_DELIVERED, "bridge:" + note.from(),
                "agent", agent, "messageId", valid.id(), "chars", note.text().length()));
        return 204;
    }

    /** The receiver's clock reading, for the spool drain's age check. */
    Instant now() {
        return clock.instant();
    }

    Duration tolerance() {
        return tolerance;
    }

    private int reject(int status, String agent, String reason) {
        events.emit(Event.of(clock.instant(), BrokerEvents.BRIDGE_REJECTED, status == 401 || status == 409 ? 10 : 7, "bridge",
                "agent", agent == null ? "" : agent,
                "status", status, "reason", reason));
        return status;
    }
}
