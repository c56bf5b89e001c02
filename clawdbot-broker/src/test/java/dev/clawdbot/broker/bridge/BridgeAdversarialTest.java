package dev.clawdbot.broker.bridge;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeAdversarialTest {

    @TempDir
    Path dir;
    Database db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final WebhookSecret secret = WebhookSecret.parse(WebhookSecret.generate());
    final WebhookSecret other = WebhookSecret.parse(WebhookSecret.generate());
    final List<BridgeNote> delivered = new CopyOnWriteArrayList<>();
    final BridgeInbox inbox = (agent, note) -> agent.equals("dakota") && delivered.add(note);
    final RecordingEvents events = new RecordingEvents();

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("bridge.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    BridgeReceiver receiver() {
        return new BridgeReceiver(List.of(secret), Duration.ofMinutes(5), 100_000, db, inbox, events, clock);
    }

    BridgeSender sender(WebhookSecret s) {
        return new BridgeSender(s, m -> { }, clock, "admin");
    }

    @Test
    void tenThousandForgedOrReplayedMessagesAreAllRejected() {
        BridgeReceiver receiver = receiver();
        List<BridgeMessage> legit = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BridgeMessage m = sender(secret).sign("dakota", "legit note " + i, null);
            assertThat(receiver.handle(m.headers(), m.body(), "dakota")).isEqualTo(204);
            legit.add(m);
        }
        assertThat(delivered).hasSize(40);

        Random rnd = new Random(20261123L);
        Map<Integer, Integer> statusCounts = new TreeMap<>();
        Map<Integer, Integer> kindCounts = new TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            int kind = rnd.nextInt(11);
            kindCounts.merge(kind, 1, Integer::sum);
            Attack a = attack(kind, rnd, legit);
            int status = receiver.handle(a.headers, a.body, a.agent);
            statusCounts.merge(status, 1, Integer::sum);
            assertThat(status).as("attack kind %d #%d", kind, i).isIn(401, 409);
        }
        assertThat(delivered).as("no forged or replayed note reaches the inbox").hasSize(40);
        assertThat(kindCounts).hasSize(11);
        assertThat(statusCounts).containsOnlyKeys(401, 409);
        assertThat(events.ofType("bridge.rejected")).hasSize(10_000);
        assertThat(events.ofType("bridge.rejected")).as("forged and replayed notes are alerts for the operator")
                .allSatisfy(e -> assertThat(e.level()).isGreaterThanOrEqualTo(10));

        // A restart over the same database keeps the window closed for replays.
        BridgeReceiver restarted = receiver();
        for (BridgeMessage m : legit) assertThat(restarted.handle(m.headers(), m.body(), "dakota")).isEqualTo(409);
        assertThat(delivered).hasSize(40);
    }

    @Test
    void idsAreForgottenOnlyAfterTheWindowWhenTheTimestampCheckTakesOver() {
        BridgeReceiver receiver = receiver();
        BridgeMessage m = sender(secret).sign("dakota", "hello", "req-1");
        assertThat(receiver.handle(m.headers(), m.body(), "dakota")).isEqualTo(204);
        assertThat(delivered.getFirst().requestId()).isEqualTo("req-1");
        clock.advance(Duration.ofMinutes(4));
        assertThat(receiver.handle(m.headers(), m.body(), "dakota")).isEqualTo(409);
        clock.advance(Duration.ofMinutes(20));
        assertThat(receiver.handle(m.headers(), m.body(), "dakota")).isEqualTo(401);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void concurrentReplaysOfOneMessageDeliverItOnce() throws Exception {
        BridgeReceiver receiver = receiver();
        BridgeMessage m = sender(secret).sign("dakota", "once", null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 16; i++) results.add(pool.submit(() -> {
                go.await();
                return receiver.handle(m.headers(), m.body(), "dakota");
            }));
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var f : results) statuses.add(f.get());
            assertThat(statuses).containsOnlyOnce(204).filteredOn(st -> st != 204).containsOnly(409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(delivered).hasSize(1);
    }

    @Test
    void aFullReplayCacheRefusesRatherThanForgets() {
        BridgeReceiver small = new BridgeReceiver(List.of(secret), Duration.ofMinutes(5), 100, db, inbox, events, clock);
        for (int i = 0; i < 100; i++) {
            BridgeMessage m = sender(secret).sign("dakota", "n" + i, null);
            assertThat(small.handle(m.headers(), m.body(), "dakota")).isEqualTo(204);
        }
        BridgeMessage overflow = sender(secret).sign("dakota", "one too many", null);
        assertThat(small.handle(overflow.headers(), overflow.body(), "dakota")).isEqualTo(503);
        clock.advance(Duration.ofMinutes(11));
        BridgeMessage later = sender(secret).sign("dakota", "after the window", null);
        assertThat(small.handle(later.headers(), later.body(), "dakota")).isEqualTo(204);
    }

    private record Attack(Map<String, String> headers, byte[] body, String agent) {
    }

    private Attack attack(int kind, Random rnd, List<BridgeMessage> legit) {
        BridgeMessage base = sender(secret).sign("dakota", "forged " + rnd.nextInt(), null);
        Map<String, String> h = new HashMap<>(base.headers());
        byte[] body = base.body();
        long now = clock.instant().getEpochSecond();
        switch (kind) {
            case 0 -> { // random signature bytes
                byte[] sig = new byte[32];
                rnd.nextBytes(sig);
                h.put("webhook-signature", "v1," + java.util.Base64.getEncoder().encodeToString(sig));
            }
            case 1 -> { // signed with a secret the receiver does not hold
                BridgeMessage m = sender(other).sign("dakota", "wrong secret", null);
                h = new HashMap<>(m.headers());
                body = m.body();
            }
            case 2, 3 -> { // correctly signed, timestamp outside the window
                long ts = kind == 2 ? now - 301 - rnd.nextInt(100_000) : now + 301 + rnd.nextInt(100_000);
                h.put("webhook-timestamp", Long.toString(ts));
                h.put("webhook-signature", WebhookSignature.sign(secret, h.get("webhook-id"), ts, body));
            }
            case 4 -> { // exact replay of a delivered message
                BridgeMessage m = legit.get(rnd.nextInt(legit.size()));
                h = new HashMap<>(m.headers());
                body = m.body();
            }
            case 5 -> { // body altered after signing
                body = body.clone();
                int at = rnd.nextInt(body.length);
                body[at] = (byte) (body[at] ^ (1 + rnd.nextInt(255)));
            }
            case 6 -> { // header injection: CR/LF and extra headers smuggled into values
                String[] variants = {
                        h.get("webhook-id") + "\r\nwebhook-signature: " + h.get("webhook-signature"),
                        h.get("webhook-timestamp") + "\r\n",
                        h.get("webhook-signature") + "\nX-Admin: yes"};
                int v = rnd.nextInt(3);
                String key = v == 0 ? "webhook-id" : v == 1 ? "webhook-timestamp" : "webhook-signature";
                String value = variants[v];
                if (v < 2) { // resign over the injected value so only the injection is wrong
                    String id = v == 0 ? value : h.get("webhook-id");
                    h.put(key, value);
                    h.put("webhook-signature", "v1," + java.util.Base64.getEncoder().encodeToString(rawHmac(id, h.get("webhook-timestamp"), body)));
                } else {
                    h.put(key, value);
                }
            }
            case 7 -> { // validly signed for another agent, posted to dakota's route
                BridgeMessage m = sender(secret).sign("mallory", "meant for someone else", null);
                h = new HashMap<>(m.headers());
                body = m.body();
            }
            case 8 -> { // missing or duplicated headers
                if (rnd.nextBoolean()) h.remove(List.of("webhook-id", "webhook-timestamp", "webhook-signature").get(rnd.nextInt(3)));
                else h.put("WEBHOOK-ID", "msg_" + rnd.nextInt(1_000_000));
            }
            case 9 -> { // move the signed content's separator: id "a.ts" with the body re-split
                String id = h.get("webhook-id");
                String ts = h.get("webhook-timestamp");
                h.put("webhook-id", id + "." + ts.substring(0, 3));
                h.put("webhook-timestamp", ts.substring(3));
            }
            default -> { // malformed timestamps and signature schemes, correctly keyed
                String[] ts = {" " + now, "+" + now, "-" + now, now + ".0", "0x" + Long.toHexString(now), ""};
                if (rnd.nextBoolean()) h.put("webhook-timestamp", ts[rnd.nextInt(ts.length)]);
                else h.put("webhook-signature", h.get("webhook-signature").replace("v1,", rnd.nextBoolean() ? "v1a," : "V1,"));
            }
        }
        return new Attack(h, body, "dakota");
    }

    private byte[] rawHmac(String id, String ts, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
