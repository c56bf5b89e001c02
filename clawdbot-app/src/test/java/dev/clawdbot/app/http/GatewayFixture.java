package dev.clawdbot.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.events.Event;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A real gateway on 127.0.0.1, port 0, with a scripted chat service, and a raw JDK client for it. */
final class GatewayFixture implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";

    final FakeChat chat = new FakeChat((m, l) -> l.onComplete(reply("echo: " + m.text())));
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final List<Event> events = new CopyOnWriteArrayList<>();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    volatile List<String> problems = List.of();
    final HttpGateway gateway;

    static {
        // Jetty's DEBUG output would otherwise dominate the test time; there is no logback-test.xml to set it.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
    }

    GatewayFixture() {
        this(c -> c);
    }

    GatewayFixture(UnaryOperator<HttpConfig> tweak) {
        this(tweak, b -> b);
    }

    GatewayFixture(UnaryOperator<HttpConfig> tweak, UnaryOperator<HttpGateway.Builder> more) {
        HttpConfig config = tweak.apply(HttpConfig.defaults(TOKEN).withPort(0));
        gateway = more.apply(HttpGateway.builder(config, chat)
                        .readiness(() -> problems)
                        .agents(() -> List.of("dakota", "ops"))
                        .meterRegistry(registry)
                        .events(events::add))
                .build().start();
    }

    static Reply reply(String text) {
        return new Reply("agent:dakota:http:anonymous", text, "fake/model", false, 12, 34);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    }

    HttpRequest.Builder authed(String path) {
        return request(path).header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> complete(String json) throws IOException, InterruptedException {
        return send(authed("/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static JsonNode json(String body) throws IOException {
        return ApiJson.MAPPER.readTree(body);
    }

    double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Override
    public void close() {
        gateway.stop();
        client.close();
    }
}
