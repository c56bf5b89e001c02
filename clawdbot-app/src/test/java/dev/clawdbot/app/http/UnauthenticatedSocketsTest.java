package dev.clawdbot.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Issue 11 item 7: token-less sockets take no stream slot and are capped per address. */
class UnauthenticatedSocketsTest {

    @Test
    void twoHundredSeventyTokenlessSocketsDoNotMakeAnAuthenticatedStreamFail() throws Exception {
        try (GatewayFixture gw = new GatewayFixture()) {
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            URI uri = URI.create("ws://127.0.0.1:" + gw.gateway.port() + "/ws/chat");
            for (int i = 0; i < 270; i++) {
                opening.add(gw.client.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { }));
            }
            List<WebSocket> open = new ArrayList<>();
            for (CompletableFuture<WebSocket> f : opening) {
                try {
                    open.add(f.join());
                } catch (CompletionException refused) {
                    // A refused handshake is one way of not getting a slot.
                }
            }
            try {
                assertThat(gw.gauge("clawdbot.http.streams.active")).isZero();

                HttpResponse<String> stream = gw.send(gw.authed("/v1/chat/completions").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
                assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
                assertThat(stream.body()).contains("echo: hi").contains("[DONE]");

                // From the attackers' own address only a socket that authenticates on the URL gets in: the per-address
                // share of unauthenticated sockets is full until their 10 s are up.
                try (WsClient ws = WsClient.open(gw, "?token=" + GatewayFixture.TOKEN + "&peer=browser-1234", null)) {
                    assertThat(ws.next().get("ok").asBoolean()).isTrue();
                    ws.send("{\"type\":\"message\",\"id\":\"m1\",\"text\":\"hi\"}");
                    assertThat(ws.next().get("type").asText()).isEqualTo("done");
                }
            } finally {
                open.forEach(WebSocket::abort);
            }
        }
    }

    @Test
    void anAddressMayHoldOnlyAFewUnauthenticatedSocketsAndTheyTimeOut() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(c -> c, b -> b.wsAuthTimeout(Duration.ofMillis(500)))) {
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < UnauthenticatedSockets.PER_ADDRESS + 4; i++) clients.add(WsClient.open(gw));
                long refusedAtOnce = clients.stream().filter(c -> c.closeCode.isDone()).count();
                await().atMost(Duration.ofSeconds(10)).until(() -> clients.stream()
                        .filter(c -> c.closeCode.getNow(0) == WebChatSocket.TRY_AGAIN_LATER).count() == 4);
                assertThat(refusedAtOnce).isLessThanOrEqualTo(4);
                await().atMost(Duration.ofSeconds(20)).until(() -> clients.stream().allMatch(c -> c.closeCode.isDone()));
                assertThat(clients.stream().filter(c -> c.closeCode.join() == WebChatSocket.POLICY_VIOLATION).count())
                        .isEqualTo(UnauthenticatedSockets.PER_ADDRESS);
                assertThat(gw.events).filteredOn(e -> e.type().equals("http.ws.unauthenticated_limit")).hasSize(4);
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    void counterReleasesPerAddressAndRespectsTheTotal() {
        UnauthenticatedSockets s = new UnauthenticatedSockets(2, 3);
        assertThat(s.tryAdd("a")).isTrue();
        assertThat(s.tryAdd("a")).isTrue();
        assertThat(s.tryAdd("a")).isFalse();
        assertThat(s.tryAdd("b")).isTrue();
        assertThat(s.tryAdd("c")).isFalse();
        s.remove("a");
        assertThat(s.tryAdd("c")).isTrue();
        assertThat(s.count()).isEqualTo(3);
    }
}
