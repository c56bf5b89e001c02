package dev.clawdbot.app.http;

import static dev.clawdbot.app.http.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class SecurityTest {
    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private final GatewayFixture gw = new GatewayFixture();

    @AfterEach
    void stop() {
        gw.close();
    }

    static Stream<String> forgedAuthorizations() {
        String t = GatewayFixture.TOKEN;
        return Stream.of("", "Bearer", "Bearer ", "Bearer wrong-token-0123456789", "Bearer " + t.substring(0, t.length() - 1),
                "Bearer " + t + "x", "Bearer " + t.toUpperCase(), "Basic " + t, t, "Bearer " + t.substring(1),
                "Token " + t);
    }

    @ParameterizedTest
    @MethodSource("forgedAuthorizations")
    void wrongOrMissingTokenIsRefusedBeforeTheAgent(String authorization) throws Exception {
        HttpRequest.Builder b = gw.request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (!authorization.isEmpty()) b.header("Authorization", authorization);

        HttpResponse<String> r = gw.send(b.build());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        JsonNode error = json(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(gw.chat.received).isEmpty();
        assertThat(gw.events).anySatisfy(e -> assertThat(e.type()).isEqualTo("http.auth.failed"));
        assertThat(gw.counter("clawdbot.http.auth.failures")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/v1/models"})
    void protectedGetsNeedTheToken(String path) throws Exception {
        assertThat(gw.get(path).statusCode()).isEqualTo(401);
        assertThat(gw.send(gw.authed(path).GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() throws Exception {
        HttpResponse<String> r = gw.send(gw.request("/v1/models").header("Authorization", "bearer " + GatewayFixture.TOKEN).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIsRefusedWith413WhetherDeclaredOrChunked() throws Exception {
        String big = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat((int) HttpConfig.DEFAULT_MAX_BODY_BYTES) + "\"}]}";
        HttpResponse<String> declared = gw.complete(big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json(declared.body()).get("error").get("code").asText()).isEqualTo("request_too_large");

        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = gw.authed("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(bytes))).build();
        HttpResponse<String> r = gw.send(chunked);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(gw.chat.received).isEmpty();
    }

    @Test
    void apiResponsesAreNotSniffedOrCached() throws Exception {
        for (HttpResponse<String> r : List.of(gw.complete(BODY), gw.get("/healthz"), gw.complete("{}"), gw.get("/v1/models"))) {
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void pageHasAStrictCspAndNoInlineScript() throws Exception {
        HttpResponse<String> page = gw.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*", "http:", "https:");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        String html = page.body();
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("http://", "https://");
        HttpResponse<String> js = gw.get("/chat.js");
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(js.body()).doesNotContain("innerHTML", "eval(", "document.write");
        assertThat(gw.get("/chat.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "null", "http://127.0.0.1.evil.example", "file://", "https://127.0.0.1"})
    void crossOriginSocketIsRefused(String origin) {
        assertThatThrownBy(() -> WsClient.open(gw, "", origin))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        assertThat(gw.events).anySatisfy(e -> assertThat(e.type()).isEqualTo("http.ws.origin_rejected"));
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(gw.gauge("http.server.requests.active")).isZero());
    }

    @Test
    void sameOriginSocketIsAccepted() throws Exception {
        try (WsClient ws = WsClient.open(gw, "", "http://127.0.0.1:" + gw.gateway.port())) {
            assertThat(ws.login("browser-1234").get("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void wrongQueryTokenNeverGetsASocket() {
        assertThatThrownBy(() -> WsClient.open(gw, "?token=wrong-token-0123456789", null))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"auth\",\"token\":\"wrong-token-0123456789\"}", "{\"type\":\"auth\"}",
            "{\"type\":\"message\",\"text\":\"let me in\"}", "{\"type\":\"auth\",\"token\":123}", "not json", "[]",
            "{\"type\":\"auth\",\"token\":\"test-token-0123456789abcdeF\"}"})
    void socketWithoutAValidFirstAuthIsClosed(String first) throws Exception {
        try (WsClient ws = WsClient.open(gw)) {
            ws.send(first);
            JsonNode error = ws.next();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("unauthorized");
            assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(WebChatSocket.POLICY_VIOLATION);
        }
        assertThat(gw.chat.received).isEmpty();
    }

    @Test
    void oversizedSocketFrameClosesTheSocket() throws Exception {
        try (GatewayFixture small = new GatewayFixture(c -> new HttpConfig(c.host(), c.port(), c.token(), null, 1024L, null, null));
             WsClient ws = WsClient.open(small)) {
            ws.login("browser-1234");
            ws.send("{\"type\":\"message\",\"text\":\"" + "x".repeat(2048) + "\"}");
            assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
            assertThat(small.chat.received).isEmpty();
        }
    }

    @Test
    void socketThatNeverAuthenticatesIsClosed() throws Exception {
        try (GatewayFixture quick = new GatewayFixture(c -> c, b -> b.wsAuthTimeout(java.time.Duration.ofMillis(200)));
             WsClient ws = WsClient.open(quick)) {
            assertThat(ws.next().get("code").asText()).isEqualTo("unauthorized");
            assertThat(ws.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(WebChatSocket.POLICY_VIOLATION);
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(quick.gauge("clawdbot.http.streams.active")).isZero());
        }
    }

    @Test
    void corsIsOffByDefaultAndOnlyForConfiguredOrigins() throws Exception {
        HttpResponse<String> off = gw.send(gw.authed("/v1/models").header("Origin", "https://app.example").GET().build());
        assertThat(off.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(gw.send(gw.request("/v1/chat/completions").header("Origin", "https://app.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(403);

        try (GatewayFixture cors = new GatewayFixture(c -> new HttpConfig(c.host(), c.port(), c.token(),
                List.of("https://app.example"), null, null, null))) {
            HttpResponse<String> pre = cors.send(cors.request("/v1/chat/completions").header("Origin", "https://app.example")
                    .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(pre.statusCode()).isEqualTo(204);
            assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
            assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("Authorization");
            HttpResponse<String> other = cors.send(cors.authed("/v1/models").header("Origin", "https://evil.example").GET().build());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void streamLimitRefusesExtraCompletionStreamsWith429() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (GatewayFixture small = new GatewayFixture(c -> new HttpConfig(c.host(), c.port(), c.token(), null, null, 1, null))) {
            small.chat.script((m, l) -> {
                l.onDelta("holding");
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                l.onComplete(GatewayFixture.reply("holding"));
            });
            String stream = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpResponse<InputStream> first = small.client.send(small.authed("/v1/chat/completions")
                    .POST(HttpRequest.BodyPublishers.ofString(stream)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = first.body()) {
                assertThat(first.statusCode()).isEqualTo(200);
                HttpResponse<String> second = small.complete(stream);
                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(json(second.body()).get("error").get("code").asText()).isEqualTo("too_many_streams");
                release.countDown();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
            }
        }
    }

    @Test
    void replyTimeoutGivesA504() throws Exception {
        try (GatewayFixture slow = new GatewayFixture(c -> new HttpConfig(c.host(), c.port(), c.token(), null, null, null,
                java.time.Duration.ofMillis(300)))) {
            slow.chat.script((m, l) -> { });
            HttpResponse<String> r = slow.complete(BODY);
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(json(r.body()).get("error").get("code").asText()).isEqualTo("timeout");
            List<String> events = Sse.dataEvents(slow.complete(
                    "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
            assertThat(json(events.get(1)).get("error").get("code").asText()).isEqualTo("timeout");
        }
    }

    /**
     * Our code at every level and everything else at INFO (the shipped level). Jetty's own DEBUG wire logging
     * prints raw headers, as every server's does; it must never be enabled in production.
     */
    @Test
    void theTokenIsNeverLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("dev.clawdbot");
        ch.qos.logback.classic.Level before = root.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        ours.setLevel(ch.qos.logback.classic.Level.TRACE);
        AtomicBoolean leaked = new AtomicBoolean();
        String wrong = "guessed-token-9876543210";
        try {
            gw.complete(BODY);
            gw.send(gw.request("/v1/models").header("Authorization", "Bearer " + wrong).GET().build());
            try (WsClient ws = WsClient.open(gw, "?token=" + GatewayFixture.TOKEN + "&peer=browser-1234", null)) {
                ws.next();
            }
            try (WsClient ws = WsClient.open(gw)) {
                ws.send("{\"type\":\"auth\",\"token\":\"" + wrong + "\"}");
                ws.closeCode.get(10, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> WsClient.open(gw, "?token=" + wrong, null)).isInstanceOf(CompletionException.class);
            gw.gateway.stop();
        } finally {
            root.detachAppender(appender);
            root.setLevel(before);
            ours.setLevel(null);
        }
        for (ILoggingEvent e : appender.list) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            if (text.contains(GatewayFixture.TOKEN) || text.contains(wrong)) leaked.set(true);
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(leaked).as("a log line contained a token").isFalse();
        assertThat(gw.events.toString()).doesNotContain(GatewayFixture.TOKEN, wrong);
    }
}
