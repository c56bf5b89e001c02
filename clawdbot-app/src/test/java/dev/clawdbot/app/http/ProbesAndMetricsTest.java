package dev.clawdbot.app.http;

import static dev.clawdbot.app.http.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbesAndMetricsTest {
    private final GatewayFixture gw = new GatewayFixture(c -> c, b -> b.routes(r -> r.get("/hooks/ping",
            ctx -> ctx.result("pong"))));

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void healthzNeedsNoTokenAndIsTiny() throws Exception {
        HttpResponse<String> r = gw.get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("status").asText()).isEqualTo("ok");
        assertThat(r.body().length()).isLessThan(64);
    }

    @Test
    void readyzReportsEachProblemWith503() throws Exception {
        HttpResponse<String> ready = gw.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready.body()).get("status").asText()).isEqualTo("ready");

        gw.problems = List.of("database: connection refused", "no model configured: set CLAWDBOT_MODEL");
        HttpResponse<String> notReady = gw.get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonNode body = json(notReady.body());
        assertThat(body.get("status").asText()).isEqualTo("not ready");
        assertThat(body.get("problems").get(0).asText()).isEqualTo("database: connection refused");
        assertThat(body.get("problems").get(1).asText()).isEqualTo("no model configured: set CLAWDBOT_MODEL");
    }

    @Test
    void aThrowingReadinessCheckIsReportedAsAProblem() throws Exception {
        try (GatewayFixture broken = new GatewayFixture(c -> c, b -> b.readiness(() -> {
            throw new IllegalStateException("pool closed");
        }))) {
            HttpResponse<String> r = broken.get("/readyz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r.body()).get("problems").get(0).asText()).isEqualTo("readiness check failed: IllegalStateException");
        }
    }

    @Test
    void metricsAreTimedPerRouteTemplateAndInFlightReturnsToZero() throws Exception {
        gw.complete("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        gw.complete("{}");
        gw.get("/no/such/path/" + "x".repeat(20));
        gw.get("/hooks/ping");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(gw.gauge("http.server.requests.active")).isZero());
        HttpResponse<String> r = gw.send(gw.authed("/metrics").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String text = r.body();
        assertThat(text).containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\",route=\"/v1/chat/completions\",status=\"200\"} 1")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/v1/chat/completions\",status=\"400\"} 1")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"unmatched\",status=\"404\"} 1")
                .containsPattern("route=\"/hooks/ping\",status=\"200\"")
                .contains("http_server_requests_active", "clawdbot_http_streams_active")
                .doesNotContain("xxxxxxxx");
    }

    @Test
    void mountedRoutesGetSecurityHeaders() throws Exception {
        HttpResponse<String> r = gw.get("/hooks/ping");
        assertThat(r.body()).isEqualTo("pong");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void chatRedirectsToThePage() throws Exception {
        HttpResponse<String> r = gw.get("/chat");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/");
    }

    @Test
    void startedEventNamesThePortAndStopIsIdempotent() {
        assertThat(gw.events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("http.started");
            assertThat(e.fields()).containsEntry("port", gw.gateway.port()).containsEntry("host", "127.0.0.1");
        });
        int port = gw.gateway.port();
        gw.gateway.stop();
        gw.gateway.stop();
        assertThat(gw.events).filteredOn(e -> e.type().equals("http.stopped")).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("port", port));
    }
}
