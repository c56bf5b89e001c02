package dev.clawdbot.broker.bridge;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same-host bridge spool is drained on a schedule and at start; notes wait (re-signed by the sender) while the
 * receiver is down, are delivered when it is back, and a re-delivery after a crash is refused by the replay cache and counted.
 */
class SpoolDrainTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final WebhookSecret secret = WebhookSecret.parse(WebhookSecret.generate());
    final List<String> notes = new CopyOnWriteArrayList<>();
    final RecordingEvents events = new RecordingEvents();
    Path spoolDir;
    SpoolBridgeTransport spool;
    BridgeSender sender;
    Database db;
    BridgeReceiver receiver;

    @BeforeEach
    void setUp() {
        spoolDir = dir.resolve("bridge");
        spool = new SpoolBridgeTransport(spoolDir);
        sender = new BridgeSender(secret, spool, clock, "broker");
        db = Database.sqlite(dir.resolve("gateway.db"));
        receiver = new BridgeReceiver(List.of(secret), Duration.ofMinutes(5), 1000, db, (agent, note) -> notes.add(agent + ":" + note.text()),
                EventSink.NONE, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    List<Path> spooled() throws IOException {
        try (var s = Files.list(spoolDir)) {
            return s.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }

    @Test
    void notesWaitingHoursForTheReceiverAreReSignedByTheSenderAndDeliveredOnceItStarts() throws Exception {
        sender.send("dakota", "first", "req_1");
        sender.send("dakota", "second", "req_2");
        clock.advance(Duration.ofHours(3));
        // Stale now: the drain leaves them for the sender instead of having them refused as too old.
        assertThat(spool.drainAll(receiver)).isEqualTo(new SpoolBridgeTransport.DrainResult(0, 0, 0, 2, false));
        assertThat(spooled()).hasSize(2);
        // A file nobody with the secret wrote is removed by the sender's refresh; the genuine ones are re-signed.
        new BridgeSender(WebhookSecret.parse(WebhookSecret.generate()), spool,
                java.time.Clock.fixed(clock.instant().minus(Duration.ofHours(3)), java.time.ZoneOffset.UTC), "mallory").send("dakota", "forged", null);
        assertThat(spool.refresh(List.of(secret), clock.instant(), Duration.ofMinutes(5))).isEqualTo(2);
        assertThat(spooled()).hasSize(2);

        try (SpoolDrainer drainer = new SpoolDrainer(spool, receiver, events, clock, Duration.ofMillis(50), Duration.ofSeconds(1))) {
            drainer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> notes.size() == 2);
            assertThat(notes).containsExactlyInAnyOrder("dakota:first", "dakota:second");
            // Periodic: a note spooled later is delivered without anyone asking.
            sender.send("dakota", "third", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> notes.size() == 3);
            assertThat(spooled()).isEmpty();
            assertThat(drainer.delivered()).isEqualTo(3);
        }
    }

    @Test
    void aReDeliveryAfterACrashIsHarmlessAndCounted() throws Exception {
        sender.send("dakota", "exactly once", null);
        Path file = spooled().getFirst();
        byte[] copy = Files.readAllBytes(file);
        SpoolDrainer drainer = new SpoolDrainer(spool, receiver, events, clock, Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(drainer.drainOnce().delivered()).isEqualTo(1);
        // The process died after the receiver took the note but before the file was removed: it is there again.
        Files.write(file, copy);
        SpoolBridgeTransport.DrainResult again = drainer.drainOnce();
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(again.delivered()).isZero();
        assertThat(notes).containsExactly("dakota:exactly once");
        assertThat(spooled()).isEmpty();
        assertThat(drainer.duplicates()).isEqualTo(1);
        assertThat(events.ofType("bridge.spool.drained").getLast().fields()).containsEntry("duplicates", 1);
    }

    @Test
    void whileTheReceiverIsUnavailableNothingIsLost() throws Exception {
        sender.send("dakota", "keep me", null);
        Database broken = Database.sqlite(dir.resolve("broken.db"));
        BridgeReceiver down = new BridgeReceiver(List.of(secret), Duration.ofMinutes(5), 1000, broken, (a, n) -> notes.add(n.text()), EventSink.NONE, clock);
        broken.close();
        SpoolDrainer drainer = new SpoolDrainer(spool, down, events, clock, Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(drainer.drainOnce().receiverUnavailable()).isTrue();
        assertThat(spooled()).hasSize(1);
        assertThat(notes).isEmpty();
        assertThat(new SpoolDrainer(spool, receiver, events, clock, Duration.ofSeconds(1), Duration.ofMinutes(1)).drainOnce().delivered()).isEqualTo(1);
        assertThat(notes).containsExactly("dakota:keep me");
    }
}
