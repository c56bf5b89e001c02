package dev.clawdbot.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that queues received frames for assertions and records how the server closed. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    final WebSocket socket;

    private WsClient(HttpClient client, URI uri, String origin) {
        WebSocket.Builder b = client.newWebSocketBuilder();
        if (origin != null) b.header("Origin", origin);
        socket = b.buildAsync(uri, this).join();
    }

    static WsClient open(GatewayFixture gw, String query, String origin) {
        return new WsClient(gw.client, URI.create("ws://127.0.0.1:" + gw.gateway.port() + "/ws/chat" + query), origin);
    }

    static WsClient open(GatewayFixture gw) {
        return open(gw, "", null);
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    JsonNode next() throws InterruptedException {
        JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) throw new AssertionError("no frame within 10 s");
        return frame;
    }

    /** Authenticates with the fixture's token and returns the server's auth frame. */
    JsonNode login(String peer) throws InterruptedException {
        send("{\"type\":\"auth\",\"token\":\"" + GatewayFixture.TOKEN + "\"" + (peer == null ? "" : ",\"peer\":\"" + peer + "\"") + "}");
        return next();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(ApiJson.MAPPER.readTree(partial.toString()));
            } catch (Exception e) {
                throw new AssertionError("server sent non-JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        socket.abort();
    }
}
