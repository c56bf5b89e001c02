package dev.clawdbot.app.http;

import static dev.clawdbot.app.http.GatewayFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.Reply;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebChatSocketTest {
    private final GatewayFixture gw = new GatewayFixture();

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void authenticatedSocketStreamsDeltasToolsAndDone() throws Exception {
        gw.chat.script((m, l) -> {
            l.onDelta("Hel");
            l.onToolStarted("clock");
            l.onDelta("lo");
            l.onComplete(reply("Hello"));
        });
        try (WsClient ws = WsClient.open(gw)) {
            JsonNode auth = ws.login("browser-1234");
            assertThat(auth.get("type").asText()).isEqualTo("auth");
            assertThat(auth.get("ok").asBoolean()).isTrue();
            assertThat(auth.get("peer").asText()).isEqualTo("browser-1234");

            ws.send("{\"type\":\"message\",\"id\":\"m1\",\"text\":\"hi\"}");

            assertFrame(ws.next(), "delta", "m1").satisfies(f -> assertThat(f.get("text").asText()).isEqualTo("Hel"));
            assertFrame(ws.next(), "tool", "m1").satisfies(f -> assertThat(f.get("name").asText()).isEqualTo("clock"));
            assertFrame(ws.next(), "delta", "m1").satisfies(f -> assertThat(f.get("text").asText()).isEqualTo("lo"));
            JsonNode done = ws.next();
            assertFrame(done, "done", "m1");
            assertThat(done.get("text").asText()).isEqualTo("Hello");
            assertThat(done.get("blocked").asBoolean()).isFalse();
            assertThat(done.get("usage").get("total_tokens").asLong()).isEqualTo(46);
        }
        var sent = gw.chat.last();
        assertThat(sent.caller().channel()).isEqualTo("web");
        assertThat(sent.caller().peer()).isEqualTo("browser-1234");
        assertThat(sent.text()).isEqualTo("hi");
        assertThat(sent.agent()).isNull();
    }

    @Test
    void manyRapidDeltasFromTwoConcurrentRepliesArriveCompleteAndInOrder() throws Exception {
        int n = 500;
        gw.chat.script((m, l) -> {
            for (int i = 0; i < n; i++) l.onDelta(m.text() + i + ";");
            l.onComplete(reply("end " + m.text()));
        });
        try (WsClient ws = WsClient.open(gw)) {
            ws.login("browser-1234");
            ws.send("{\"type\":\"message\",\"id\":\"a\",\"text\":\"a\"}");
            ws.send("{\"type\":\"message\",\"id\":\"b\",\"text\":\"b\"}");
            java.util.Map<String, Integer> next = new java.util.HashMap<>(java.util.Map.of("a", 0, "b", 0));
            int done = 0;
            while (done < 2) {
                JsonNode f = ws.next();
                String id = f.get("id").asText();
                if (f.get("type").asText().equals("done")) {
                    assertThat(next.get(id)).isEqualTo(n);
                    done++;
                } else {
                    assertThat(f.get("text").asText()).isEqualTo(id + next.get(id) + ";");
                    next.merge(id, 1, Integer::sum);
                }
            }
        }
    }

    @Test
    void queryTokenAuthenticatesAndSlashCommandsGoToTheChatService() throws Exception {
        gw.chat.script((m, l) -> l.onComplete(new Reply("k", "Session reset.", null, false, 0, 0)));
        try (WsClient ws = WsClient.open(gw, "?token=" + GatewayFixture.TOKEN + "&peer=query-peer-1", null)) {
            assertThat(ws.next().get("peer").asText()).isEqualTo("query-peer-1");
            ws.send("{\"type\":\"message\",\"id\":\"r\",\"text\":\"/reset\"}");
            JsonNode done = ws.next();
            assertFrame(done, "done", "r");
            assertThat(done.get("text").asText()).isEqualTo("Session reset.");
        }
        assertThat(gw.chat.last().text()).isEqualTo("/reset");
    }

    @Test
    void withoutAPeerEachSocketGetsARandomOne() throws Exception {
        try (WsClient a = WsClient.open(gw); WsClient b = WsClient.open(gw)) {
            String peerA = a.login(null).get("peer").asText();
            String peerB = b.login(null).get("peer").asText();
            assertThat(peerA).startsWith("anon-").isNotEqualTo(peerB);
        }
    }

    @Test
    void discardedAttemptSendsResetAndErrorsArriveAsErrorFrames() throws Exception {
        gw.chat.script((m, l) -> {
            l.onDelta("wrong start");
            FakeChat.discardAttempt(l);
            l.onDelta("right");
            l.onError(new ChatError("model_failed", "The model stream broke off."));
        });
        try (WsClient ws = WsClient.open(gw)) {
            ws.login("browser-1234");
            ws.send("{\"type\":\"message\",\"id\":\"m2\",\"text\":\"hi\"}");
            assertFrame(ws.next(), "delta", "m2");
            assertFrame(ws.next(), "reset", "m2");
            assertFrame(ws.next(), "delta", "m2");
            JsonNode error = ws.next();
            assertFrame(error, "error", "m2");
            assertThat(error.get("code").asText()).isEqualTo("model_failed");
            assertThat(error.get("message").asText()).isEqualTo("The model stream broke off.");
        }
    }

    @Test
    void malformedFramesGetErrorsAndTheSocketStaysUsable() throws Exception {
        try (WsClient ws = WsClient.open(gw)) {
            ws.login("browser-1234");
            for (String bad : new String[] {"not json", "[]", "{\"type\":5}", "{\"type\":\"dance\"}",
                    "{\"type\":\"message\",\"text\":\"\"}", "{\"type\":\"message\",\"text\":\"x\",\"id\":\"<script>\"}",
                    "{\"type\":\"auth\",\"token\":\"x\"}"}) {
                ws.send(bad);
                JsonNode f = ws.next();
                assertThat(f.get("type").asText()).as(bad).isEqualTo("error");
                assertThat(f.get("code").asText()).as(bad).isEqualTo("bad_request");
            }
            ws.send("{\"type\":\"message\",\"id\":\"ok\",\"text\":\"still here\"}");
            assertThat(ws.next().get("text").asText()).isEqualTo("echo: still here");
        }
        assertThat(gw.chat.received).hasSize(1);
    }

    @Test
    void aChatServiceThatThrowsYieldsAnErrorFrameNotADeadSocket() throws Exception {
        try (GatewayFixture failing = new GatewayFixture(c -> c, b -> b);
             WsClient ws = WsClient.open(failing)) {
            ws.login("browser-1234");
            failing.chat.failNextSubmit();
            ws.send("{\"type\":\"message\",\"id\":\"x\",\"text\":\"hi\"}");
            JsonNode error = ws.next();
            assertFrame(error, "error", "x");
            assertThat(error.get("code").asText()).isEqualTo("internal_error");
            ws.send("{\"type\":\"message\",\"id\":\"y\",\"text\":\"again\"}");
            assertFrame(ws.next(), "done", "y");
        }
    }

    @Test
    void openSocketsCountAgainstTheStreamLimitAndAreReleasedOnClose() throws Exception {
        try (WsClient ws = WsClient.open(gw)) {
            ws.login("browser-1234");
            assertThat(gw.gauge("clawdbot.http.websockets.open")).isEqualTo(1);
            assertThat(gw.gauge("clawdbot.http.streams.active")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gw.gauge("clawdbot.http.websockets.open")).isZero();
            assertThat(gw.gauge("clawdbot.http.streams.active")).isZero();
            assertThat(gw.gauge("http.server.requests.active")).isZero();
        });
    }

    @Test
    void socketBeyondTheStreamLimitIsClosedWithTryAgainLater() throws Exception {
        try (GatewayFixture small = new GatewayFixture(c -> new HttpConfig(c.host(), c.port(), c.token(), null, null, 1, null));
             WsClient first = WsClient.open(small)) {
            first.login("browser-1234");
            try (WsClient second = WsClient.open(small)) {
                assertThat(second.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(WebChatSocket.TRY_AGAIN_LATER);
            }
        }
    }

    private static org.assertj.core.api.ObjectAssert<JsonNode> assertFrame(JsonNode frame, String type, String id) {
        assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo(type);
        assertThat(frame.get("id").asText()).as(frame.toString()).isEqualTo(id);
        return assertThat((Object) frame).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.type(JsonNode.class));
    }
}
