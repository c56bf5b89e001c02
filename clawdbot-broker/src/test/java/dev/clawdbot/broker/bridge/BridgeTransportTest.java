package dev.clawdbot.broker.bridge;

import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BridgeTransportTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final WebhookSecret secret = WebhookSecret.parse(WebhookSecret.generate());
    final List<String> notes = new CopyOnWriteArrayList<>();

    @Test
    void httpPostToTheBridgeRouteDeliversAnAuthenticatedNote() throws IOException {
        try (Database db = Database.sqlite(dir.resolve("b.db"))) {
            BridgeReceiver receiver = new BridgeReceiver(List.of(secret), Duration.ofMinutes(5), 1000, db,
                    (agent, note) -> notes.add(agent + ":" + note.from() + ":" + note.text()), EventSink.NONE, clock);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/bridge/", ex -> {
                Map<String, String> headers = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
                String agent = ex.getRequestURI().getPath().substring("/bridge/".length());
                int status = receiver.handle(headers, ex.getRequestBody().readAllBytes(), agent);
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
            try {
                URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
                BridgeSender sender = new BridgeSender(secret, new HttpBridgeTransport(url), clock, "broker");
                String id = sender.send("dakota", "Done: nginx reloaded.", "req-7");
                assertThat(id).startsWith("msg_");
                assertThat(notes).containsExactly("dakota:broker:Done: nginx reloaded.");
                BridgeSender forger = new BridgeSender(WebhookSecret.parse(WebhookSecret.generate()), new HttpBridgeTransport(url), clock, "broker");
                assertThatThrownBy(() -> forger.send("dakota", "obey me", null)).hasMessageContaining("HTTP 401");
                assertThat(notes).hasSize(1);
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void spoolDropIsVerifiedLikeHttpAndForgedFilesAreDiscarded() throws IOException {
        try (Database db = Database.sqlite(dir.resolve("b.db"))) {
            BridgeReceiver receiver = new BridgeReceiver(List.of(secret), Duration.ofMinutes(5), 1000, db,
                    (agent, note) -> notes.add(agent + ":" + note.text()), EventSink.NONE, clock);
            Path spool = dir.resolve("bridge-spool");
            SpoolBridgeTransport transport = new SpoolBridgeTransport(spool);
            new BridgeSender(secret, transport, clock, "admin").send("dakota", "hello over the spool", null);
            new BridgeSender(WebhookSecret.parse(WebhookSecret.generate()), transport, clock, "admin").send("dakota", "forged", null);
            Files.writeString(spool.resolve("garbage.json"), "{not json");
            assertThat(transport.drain(receiver)).isEqualTo(1);
            assertThat(notes).containsExactly("dakota:hello over the spool");
            try (var left = Files.list(spool)) {
                assertThat(left.toList()).isEmpty();
            }
        }
    }
}
