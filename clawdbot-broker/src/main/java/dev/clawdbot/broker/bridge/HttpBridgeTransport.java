package dev.clawdbot.broker.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts a signed message to the gateway's {@code /bridge/{agent}} route; anything but 2xx is an error. */
public final class HttpBridgeTransport implements BridgeTransport {

    private final HttpClient client;
    private final URI base;

    public HttpBridgeTransport(URI gatewayUrl) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String s = gatewayUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    @Override
    public void deliver(BridgeMessage message) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("bridge/" + message.agentId()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
        message.headers().forEach(b::header);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending bridge message", e);
        }
        if (r.statusCode() / 100 == 4) {
            throw new BridgeRefusedException("gateway refused bridge message to " + message.agentId() + ": HTTP " + r.statusCode(), r.statusCode());
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException("gateway failed on bridge message to " + message.agentId() + ": HTTP " + r.statusCode());
        }
    }
}
