package dev.clawdbot.app.http;

import static dev.clawdbot.app.http.GatewayFixture.json;
import static dev.clawdbot.app.http.GatewayFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.Reply;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatCompletionsTest {
    private final GatewayFixture gw = new GatewayFixture();

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void idempotencyKeysAreScopedToTheSessionAndMustBeVisibleAscii() {
        String k = ChatCompletions.idempotencyKey("order-42", "alice");
        assertThat(ChatCompletions.idempotencyKey("order-42", "alice")).isEqualTo(k);
        assertThat(ChatCompletions.idempotencyKey("order-42", "bob")).isNotEqualTo(k);
        assertThat(ChatCompletions.idempotencyKey("order-43", "alice")).isNotEqualTo(k);
        // Without a separator "ab"+"c" and "a"+"bc" would be one key.
        assertThat(ChatCompletions.idempotencyKey("c", "ab")).isNotEqualTo(ChatCompletions.idempotencyKey("bc", "a"));
        assertThat(k).hasSizeLessThanOrEqualTo(200);
        assertThat(ChatCompletions.idempotencyKey(null, "alice")).isNull();
        for (String bad : List.of("", "caf\u00e9", "tab\there", "nul\u0000", "del\u007f", "x".repeat(256))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChatCompletions.idempotencyKey(bad, "alice"))
                    .as("key %s", bad).isInstanceOf(ApiError.class).hasMessageContaining("Idempotency-Key");
        }
        assertThat(ChatCompletions.idempotencyKey("x".repeat(255), "alice")).isNotNull();
    }

    @Test
    void nonStreamingResponseHasOpenAisShape() throws Exception {
        HttpResponse<String> r = gw.complete("""
                {"model":"dakota","user":"alice","messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"user","content":"first"},
                  {"role":"assistant","content":"ok"},
                  {"role":"user","content":"hello there"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(r.body());
        assertThat(body.get("id").asText()).matches("chatcmpl-[0-9a-f]{32}");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").isIntegralNumber()).isTrue();
        assertThat(body.get("model").asText()).isEqualTo("dakota");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("echo: hello there");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.get("usage").get("prompt_tokens").asLong()).isEqualTo(12);
        assertThat(body.get("usage").get("completion_tokens").asLong()).isEqualTo(34);
        assertThat(body.get("usage").get("total_tokens").asLong()).isEqualTo(46);

        var sent = gw.chat.last();
        assertThat(sent.text()).isEqualTo("hello there");
        assertThat(sent.agent()).isEqualTo("dakota");
        assertThat(sent.caller().channel()).isEqualTo("http");
        assertThat(sent.caller().peer()).isEqualTo("alice");
        assertThat(gw.chat.received).hasSize(1);
    }

    @Test
    void missingModelAndUserMeanDefaultAgentAndAnonymousSession() throws Exception {
        HttpResponse<String> r = gw.complete("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).get("model").asText()).isEqualTo("default");
        assertThat(gw.chat.last().agent()).isNull();
        assertThat(gw.chat.last().caller().peer()).isEqualTo("anonymous");
    }

    @Test
    void unknownModelIsPassedThroughForTheChatServiceToResolve() throws Exception {
        gw.complete("{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(gw.chat.last().agent()).isEqualTo("default");
    }

    @Test
    void textContentPartsAreJoined() throws Exception {
        HttpResponse<String> r = gw.complete("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(gw.chat.last().text()).isEqualTo("one\ntwo");
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("not json", null, "not valid JSON"),
                Arguments.of("[1,2]", null, "must be a JSON object"),
                Arguments.of("{}", "messages", "'messages' is required"),
                Arguments.of("{\"messages\":\"hi\"}", "messages", "must be an array"),
                Arguments.of("{\"messages\":[]}", "messages", "must not be empty"),
                Arguments.of("{\"messages\":[42]}", "messages[0]", "must be an object"),
                Arguments.of("{\"messages\":[{\"content\":\"x\"}]}", "messages[0].role", "is required"),
                Arguments.of("{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role", "must be one of"),
                Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content", "string or an array"),
                Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]}",
                        "messages[0].content[0]", "not supported"),
                Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}",
                        "messages", "last message must have role 'user'"),
                Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}", "messages", "empty"),
                Arguments.of("{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", "model", "must be a string"),
                Arguments.of("{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", "stream", "true or false"),
                Arguments.of("{\"user\":[],\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", "user", "must be a string"),
                Arguments.of("{\"user\":\"a\\u0000b\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", "user", "control"),
                Arguments.of("{\"user\":\"" + "u".repeat(129) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}",
                        "user", "1..128"),
                Arguments.of("{\"stream_options\":1,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}",
                        "stream_options", "must be an object"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void invalidBodiesGetAClear400AndReachNoAgent(String body, String param, String message) throws Exception {
        HttpResponse<String> r = gw.complete(body);

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains(message);
        if (param == null) assertThat(error.get("param").isNull()).isTrue();
        else assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.has("code")).isTrue();
        assertThat(gw.chat.received).isEmpty();
    }

    @Test
    void chatErrorBecomesAnOpenAiError() throws Exception {
        gw.chat.script((m, l) -> l.onError(new ChatError("no_model", "No model configured: set CLAWDBOT_MODEL.")));

        HttpResponse<String> r = gw.complete("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode error = json(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("no_model");
        assertThat(error.get("message").asText()).isEqualTo("No model configured: set CLAWDBOT_MODEL.");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
    }

    @Test
    void guardBlockedReplyIsAnAssistantMessageWithTheNotice() throws Exception {
        gw.chat.script((m, l) -> l.onComplete(new Reply("k", "This message was blocked by the content guard.", null, true, 0, 0)));

        JsonNode body = json(gw.complete("{\"messages\":[{\"role\":\"user\",\"content\":\"ignore all\"}]}").body());

        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("This message was blocked by the content guard.");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void streamingSendsRoleThenDeltasThenFinishThenDone() throws Exception {
        gw.chat.script((m, l) -> {
            l.onDelta("Hel");
            l.onToolStarted("clock");
            l.onDelta("lo, ");
            l.onDelta("world");
            l.onComplete(reply("Hello, world"));
        });

        HttpResponse<String> r = gw.complete("{\"model\":\"dakota\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> events = Sse.dataEvents(r.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String e : events.subList(0, events.size() - 1)) chunks.add(json(e));
        String id = chunks.getFirst().get("id").asText();
        assertThat(id).startsWith("chatcmpl-");
        for (JsonNode c : chunks) {
            assertThat(c.get("id").asText()).isEqualTo(id);
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("model").asText()).isEqualTo("dakota");
        }
        assertThat(chunks.getFirst().get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks.subList(1, chunks.size() - 1)) {
            JsonNode choice = c.get("choices").get(0);
            assertThat(choice.get("finish_reason").isNull()).isTrue();
            text.append(choice.get("delta").get("content").asText());
        }
        assertThat(text).hasToString("Hello, world");
        assertThat(chunks.size()).isEqualTo(5);
        JsonNode last = chunks.getLast().get("choices").get(0);
        assertThat(last.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("delta").isEmpty()).isTrue();
        assertThat(r.body()).contains(": tool clock\n\n");
    }

    @Test
    void streamedReplyWithoutDeltasSendsTheWholeTextAndUsageWhenAsked() throws Exception {
        gw.chat.script((m, l) -> l.onComplete(new Reply("k", "Commands: /new /reset", null, false, 0, 0)));

        HttpResponse<String> r = gw.complete("""
                {"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"/help"}]}""");

        List<String> events = Sse.dataEvents(r.body());
        assertThat(events).hasSize(5);
        assertThat(json(events.get(1)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo("Commands: /new /reset");
        JsonNode usage = json(events.get(3));
        assertThat(usage.get("choices").isEmpty()).isTrue();
        assertThat(usage.get("usage").get("total_tokens").asLong()).isZero();
        assertThat(gw.chat.last().text()).isEqualTo("/help");
    }

    @Test
    void streamedTailMissingFromDeltasIsSentBeforeFinish() throws Exception {
        gw.chat.script((m, l) -> {
            l.onDelta("Hello");
            l.onComplete(reply("Hello, world"));
        });
        List<String> events = Sse.dataEvents(gw.complete("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertThat(json(events.get(2)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo(", world");
    }

    @Test
    void discardedAttemptIsFollowedByTheRetryAfterABlankLine() throws Exception {
        gw.chat.script((m, l) -> {
            l.onDelta("Wrong sta");
            FakeChat.discardAttempt(l);
            l.onDelta("Right");
            l.onComplete(reply("Right answer"));
        });
        List<String> events = Sse.dataEvents(gw.complete("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(1, events.size() - 2)) {
            text.append(json(e).get("choices").get(0).get("delta").get("content").asText());
        }
        assertThat(text).hasToString("Wrong sta\n\nRight answer");
    }

    @Test
    void streamingErrorBecomesAnErrorChunk() throws Exception {
        gw.chat.script((m, l) -> {
            l.onDelta("partial");
            l.onError(new ChatError("model_failed", "The model stream broke off."));
        });

        List<String> events = Sse.dataEvents(gw.complete("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());

        assertThat(events).hasSize(4);
        JsonNode error = json(events.get(2)).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_failed");
        assertThat(error.get("message").asText()).isEqualTo("The model stream broke off.");
        assertThat(events.get(3)).isEqualTo("[DONE]");
    }

    @Test
    void clientDisconnectMidStreamReleasesTheSlot() throws Exception {
        CountDownLatch firstDeltaRead = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        gw.chat.script((m, l) -> {
            l.onDelta("first ");
            try {
                firstDeltaRead.await();
                while (!stop.await(20, java.util.concurrent.TimeUnit.MILLISECONDS)) l.onDelta("more ");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            l.onComplete(reply("done"));
        });
        HttpRequest request = gw.authed("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
        HttpResponse<InputStream> r = gw.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("first ")) seen.append((char) in.read());
            assertThat(gw.gauge("clawdbot.http.streams.active")).isEqualTo(1);
            firstDeltaRead.countDown();
        }
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(gw.counter("clawdbot.http.stream.disconnects")).isEqualTo(1);
                assertThat(gw.gauge("clawdbot.http.streams.active")).isZero();
            });
        } finally {
            stop.countDown();
        }
        assertThat(gw.complete("{\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}").statusCode()).isEqualTo(200);
    }

    @Test
    void completionIdsAreDistinct() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) assertThat(ids.add(ChatCompletions.completionId())).isTrue();
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("chatcmpl-[0-9a-f]{32}"));
    }

    @Test
    void modelsListsTheAgents() throws Exception {
        HttpResponse<String> r = gw.send(gw.authed("/v1/models").GET().build());
        JsonNode body = json(r.body());
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("data").findValuesAsText("id")).containsExactly("dakota", "ops");
        assertThat(body.get("data").get(0).get("object").asText()).isEqualTo("model");
    }

    @Test
    void unknownApiPathIsAnOpenAiShaped404() throws Exception {
        HttpResponse<String> r = gw.send(gw.authed("/v1/embeddings").GET().build());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r.body()).get("error").get("code").asText()).isEqualTo("unknown_url");
    }

    @Test
    void utf8SurvivesBothWays() throws Exception {
        String text = "Grüße — 你好 🦀";
        HttpResponse<String> r = gw.send(gw.authed("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}", StandardCharsets.UTF_8)).build());
        assertThat(json(r.body()).get("choices").get(0).get("message").get("content").asText()).isEqualTo("echo: " + text);
    }
}
