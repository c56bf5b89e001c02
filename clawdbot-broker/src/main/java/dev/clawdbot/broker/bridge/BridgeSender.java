package dev.clawdbot.broker.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import com.google.re2j.Pattern;

/**
 * The admin side's only way to talk to a user agent: signs a note in the Standard Webhooks format with the
 * first configured secret and hands it to a transport. There is deliberately no receiving counterpart on the
 * admin side: the user agent holds no secret and no tool that could send here.
 */
public final class BridgeSender {

    static final Pattern AGENT = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    static final int MAX_TEXT = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookSecret secret;
    private final BridgeTransport transport;
    private final Clock clock;
    private final String from;

    public BridgeSender(WebhookSecret secret, BridgeTransport transport, Clock clock, String from) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.from = Objects.requireNonNull(from, "from");
    }

    /** Signs and sends a note for every session of the agent; returns the message id. */
    public String send(String agentId, String text, String requestId) throws IOException {
        return send(agentId, null, text, null, requestId);
    }

    /**
     * Signs and sends; returns the message id. {@code session} limits the note to one session of the agent (null:
     * all of them); {@code quoted} is text the admin side did not write (a requester's summary, command output),
     * which the receiver shows as untrusted content.
     */
    public String send(String agentId, String session, String text, String quoted, String requestId) throws IOException {
        BridgeMessage m = sign(agentId, session, text, quoted, requestId);
        transport.deliver(m);
        return m.headers().get(WebhookSignature.ID);
    }

    /** Builds the signed message without sending it. */
    public BridgeMessage sign(String agentId, String text, String requestId) {
        return sign(agentId, null, text, null, requestId);
    }

    public BridgeMessage sign(String agentId, String session, String text, String quoted, String requestId) {
        if (agentId == null || !AGENT.matcher(agentId).matches()) throw new IllegalArgumentException("invalid agent id: " + agentId);
        if (text == null || text.isBlank()) throw new IllegalArgumentException("bridge text is empty");
        if (text.length() + (quoted == null ? 0 : quoted.length()) > MAX_TEXT) {
            throw new IllegalArgumentException("bridge text longer than " + MAX_TEXT + " characters");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("to", agentId);
        body.put("from", from);
        body.put("text", text);
        if (session != null) body.put("session", session);
        if (quoted != null) body.put("quoted", quoted);
        if (requestId != null) body.put("requestId", requestId);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        byte[] rnd = new byte[12];
        RANDOM.nextBytes(rnd);
        String id = "msg_" + HexFormat.of().formatHex(rnd);
        long ts = clock.instant().getEpochSecond();
        return new BridgeMessage(agentId, Map.of(
                WebhookSignature.ID, id,
                WebhookSignature.TIMESTAMP, Long.toString(ts),
                WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, id, ts, bytes)), bytes);
    }
}
