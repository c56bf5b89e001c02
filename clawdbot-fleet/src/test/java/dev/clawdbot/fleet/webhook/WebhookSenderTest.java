package dev.clawdbot.fleet.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.outbox.Backoff;
import dev.clawdbot.fleet.FleetEvents;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Standard Webhooks to a local receiver that verifies each request the way the spec tells receivers to (its own
 * HMAC over id.timestamp.body, constant-time compare, timestamp tolerance) and fails the first attempts.
 */
class WebhookSenderTest {
    /** The spec's example secret. */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    @TempDir
    Path dir;
    private Database db;
    private HttpServer receiver;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final AtomicInteger failFirst = new AtomicInteger();
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final List<Boolean> verified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = Database.sqlite(dir.resolve("fleet.db"));
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            received.add(Map.of("id", id, "ts", ts, "sig", sig, "body", body));
            verified.add(verify(id, ts, body, sig));
            ex.sendResponseHeaders(failFirst.getAndDecrement() > 0 ? 503 : 204, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
        db.close();
    }

    /** The receiver side of the spec, written from it rather than from the sender's code. */
    private boolean verify(String id, String ts, String body, String header) {
        try {
            if (Math.abs(clock.instant().getEpochSecond() - Long.parseLong(ts)) > 300) return false;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
            for (String part : header.split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(part.substring(3).getBytes(), expected.getBytes())) return true;
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private WebhookSender sender() {
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        return new WebhookSender(db, List.of(new WebhookTarget("ops-bus", url, SECRET, null)), clock,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0));
    }

    @Test
    void signedPerTheSpecAndRetriedWithTheSameIdUntilTheReceiverTakesIt() throws Exception {
        failFirst.set(2);
        try (WebhookSender s = sender()) {
            s.emit(Event.of(clock.instant(), FleetEvents.MONITOR_DOWN, "monitor", "monitor", "web", "cause", "status 500, expected 2xx"));
            s.emit(Event.of(clock.instant(), FleetEvents.MONITOR_MAINTENANCE, "monitor", "monitor", "web")); // not a webhook type
            assertThat(s.runOnce()).isEqualTo(1);
            for (int i = 0; i < 2; i++) {
                clock.advance(Duration.ofSeconds(30));
                s.runOnce();
            }
        }
        assertThat(received).hasSize(3);
        assertThat(verified).containsExactly(true, true, true);
        assertThat(received).extracting(m -> m.get("id")).containsOnly(received.getFirst().get("id"));
        assertThat(received.getFirst().get("id")).startsWith("msg_");
        assertThat(received.get(2).get("ts")).isEqualTo(Long.toString(clock.instant().getEpochSecond())); // signed per attempt
        JsonNode body = new ObjectMapper().readTree(received.getFirst().get("body"));
        assertThat(body.path("type").asText()).isEqualTo("monitor.down");
        assertThat(body.path("timestamp").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(body.path("data").path("cause").asText()).isEqualTo("status 500, expected 2xx");
    }

    @Test
    void theSignatureMatchesTheSpecsAlgorithmForAFixedMessage() {
        byte[] key = StandardWebhooks.key("k", SECRET);
        String sig = StandardWebhooks.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        assertThat(sig).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "{\"test\": 2432232314}", sig)).isFalse(); // too old
        assertThatThrownBy(() -> new WebhookTarget("x", URI.create("https://example.org/"), "secret", null))
                .hasMessage("monitors.webhooks.x.secret: must start with whsec_");
        assertThatThrownBy(() -> new WebhookTarget("x", URI.create("https://example.org/"), "whsec_c2hvcnQ=", null))
                .hasMessage("monitors.webhooks.x.secret: need at least 16 bytes after whsec_, was 5");
    }
}
