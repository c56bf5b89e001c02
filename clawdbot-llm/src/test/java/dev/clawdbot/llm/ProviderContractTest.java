package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.tool.ToolSpec;
import dev.clawdbot.testkit.llm.Fault;
import dev.clawdbot.testkit.llm.FakeModelServer;
import dev.clawdbot.testkit.llm.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One behavioural contract, run against both wire formats through {@link FakeModelServer}. */
abstract class ProviderContractTest {

    static final String KEY = "sk-test-0123456789abcdefSECRET";
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    FakeModelServer fake;
    SimpleMeterRegistry meters;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    abstract String type();

    abstract String baseUrl(FakeModelServer fake);

    /** What a mid-stream error event from this server means. */
    abstract ModelException.Kind errorEventKind();

    @BeforeEach
    void startFake() {
        fake = FakeModelServer.start();
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    /** Short enough to keep stall tests quick, long enough that a loaded 2-core CI box does not trip it. */
    static final Duration IDLE = Duration.ofMillis(800);

    ModelProvider provider(int retries, boolean stream) {
        ProviderConfig cfg = ProviderConfig.of(type(), baseUrl(fake), KEY)
                .withTimeouts(IDLE, Duration.ofSeconds(20)).withRetries(retries).withStream(stream);
        return provider(cfg);
    }

    ModelProvider provider(ProviderConfig cfg) {
        ProviderEnvironment env = new ProviderEnvironment(Clock.fixed(NOW, ZoneOffset.UTC), meters, null,
                sleeps::add, RandomGenerator.of("L64X128MixRandom"));
        return ProviderConfig.ANTHROPIC.equals(cfg.type()) ? new AnthropicProvider("fake", cfg, env) : new OpenAiCompatibleProvider("fake", cfg, env);
    }

    static ModelRequest request(String text) {
        ObjectNode schema = new ObjectMapper().createObjectNode().put("type", "object");
        return new ModelRequest("m-1", "You are terse.", List.of(ChatMessage.user(text)),
                List.of(new ToolSpec("exec", "Run a command", schema)), 256, List.of(), null);
    }

    double faults() {
        return meters.find("clawdbot.model.faults").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void streamedTextArrivesAsDeltasAndAsOneReply() throws Exception {
        String text = "Hello there. The fleet is healthy and all backups ran.";
        fake.enqueueText(text);
        RecordingListener l = new RecordingListener();
        ModelResponse r = provider(0, true).complete(request("status?"), l);
        assertThat(r.text()).isEqualTo(text);
        assertThat(l.deltas).hasSizeGreaterThan(3);
        assertThat(String.join("", l.deltas)).isEqualTo(text);
        assertThat(r.stopReason()).isEqualTo(ModelResponse.StopReason.END_TURN);
        assertThat(r.model()).isEqualTo("fake/m-1");
        assertThat(r.usage().inputTokens()).isPositive();
        assertThat(r.usage().outputTokens()).isPositive();
        assertThat(fake.lastRequest().streaming()).isTrue();
        assertThat(l.discards).isEmpty();
    }

    @Test
    void concurrentCallsEachGetTheirOwnReply() throws Exception {
        fake.respondWith(r -> Reply.text("echo of " + r.lastUserText() + " with enough words to stream in pieces"));
        ModelProvider p = provider(0, true);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String q = "question " + i;
                results.add(pool.submit(() -> {
                    RecordingListener l = new RecordingListener();
                    String text = p.complete(request(q), l).text();
                    assertThat(l.visible()).isEqualTo(text);
                    return text;
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo("echo of question " + i + " with enough words to stream in pieces");
            }
        }
    }

    @Test
    void nonStreamedTextReply() throws Exception {
        fake.enqueueText("plain answer");
        ModelResponse r = provider(0, false).complete(request("hi"), StreamListener.NONE);
        assertThat(r.text()).isEqualTo("plain answer");
        assertThat(r.usage().outputTokens()).isPositive();
        assertThat(fake.lastRequest().streaming()).isFalse();
    }

    @Test
    void singleToolCallWithArgumentsSplitAcrossDeltas() throws Exception {
        String args = "{\"command\":\"df -h /var && echo \\\"done\\\"\",\"timeout\":30,\"note\":\"caf\u00e9 \u2713\"}";
        fake.enqueueToolCall("exec", args);
        ModelResponse r = provider(0, true).complete(request("disk?"), StreamListener.NONE);
        assertThat(r.stopReason()).isEqualTo(ModelResponse.StopReason.TOOL_USE);
        assertThat(r.toolUses()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("exec");
            assertThat(u.id()).isNotBlank();
            assertThat(u.input().path("command").asText()).isEqualTo("df -h /var && echo \"done\"");
            assertThat(u.input().path("timeout").asInt()).isEqualTo(30);
            assertThat(u.input().path("note").asText()).isEqualTo("caf\u00e9 \u2713");
        });
    }

    @Test
    void parallelToolCallsKeepTheirOwnArguments() throws Exception {
        fake.enqueue(Reply.toolCalls(new Reply.ToolCall("exec", "{\"command\":\"uptime\"}"),
                new Reply.ToolCall("read", "{\"path\":\"/etc/hostname\",\"limit\":10}")));
        for (boolean stream : new boolean[] {true, false}) {
            if (!stream) fake.enqueue(Reply.toolCalls(new Reply.ToolCall("exec", "{\"command\":\"uptime\"}"),
                    new Reply.ToolCall("read", "{\"path\":\"/etc/hostname\",\"limit\":10}")));
            ModelResponse r = provider(0, stream).complete(request("both"), StreamListener.NONE);
            assertThat(r.toolUses()).hasSize(2);
            assertThat(r.toolUses().get(0).name()).isEqualTo("exec");
            assertThat(r.toolUses().get(0).input().path("command").asText()).isEqualTo("uptime");
            assertThat(r.toolUses().get(1).name()).isEqualTo("read");
            assertThat(r.toolUses().get(1).input().path("path").asText()).isEqualTo("/etc/hostname");
            assertThat(r.toolUses().get(0).id()).isNotEqualTo(r.toolUses().get(1).id());
        }
    }

    @Test
    void toolCallWithEmptyArgumentsIsAnEmptyObject() throws Exception {
        fake.enqueueToolCall("list", "");
        ModelResponse r = provider(0, true).complete(request("list"), StreamListener.NONE);
        assertThat(r.toolUses()).singleElement().satisfies(u -> assertThat(u.input().isObject() && u.input().isEmpty()).isTrue());
    }

    @Test
    void toolInputThatIsNotAJsonObjectIsRejected() {
        for (String bad : List.of("{\"command\":\"ls", "[1,2]", "{\"a\":1}{\"b\":2}", "nope")) {
            fake.enqueueToolCall("exec", bad);
            ModelException e = catchThrowableOfType(ModelException.class, () -> provider(0, true).complete(request("x"), StreamListener.NONE));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.kind()).as(bad).isEqualTo(ModelException.Kind.MALFORMED_STREAM);
            assertThat(e.getMessage()).contains("exec");
        }
    }

    /** Every stream fault becomes the right clean error, is counted, is discarded if shown, and the next call works. */
    @ParameterizedTest
    @EnumSource(value = Fault.Kind.class, names = {"STALL_MID_STREAM", "TRUNCATED_STREAM", "MALFORMED_JSON", "MERGED_EVENTS",
            "DOUBLED_DATA_PREFIX", "DONE_EARLY", "DISCONNECT_MID_TOOL_CALL", "ERROR_EVENT"})
    void streamFaultsBecomeCleanErrorsAndTheNextCallWorks(Fault.Kind kind) throws Exception {
        fake.enqueueFault(new Fault(kind, Duration.ofSeconds(3)));
        ModelProvider p = provider(0, true);
        RecordingListener l = new RecordingListener();
        ModelException e = catchThrowableOfType(ModelException.class, () -> p.complete(request("x"), l));
        assertThat(e).as("a %s stream must not be accepted", kind).isNotNull();
        assertThat(e.kind()).isEqualTo(expected(kind));
        assertThat(e.transientFailure()).isTrue();
        assertThat(e.getMessage()).startsWith("fake/m-1").doesNotContain(KEY);
        assertThat(faults()).isEqualTo(1.0);
        if (!l.deltas.isEmpty()) assertThat(l.discards).hasSize(1);
        assertThat(l.visible()).isEmpty();

        fake.enqueueText("recovered");
        assertThat(p.complete(request("again"), StreamListener.NONE).text()).isEqualTo("recovered");
    }

    private ModelException.Kind expected(Fault.Kind kind) {
        return switch (kind) {
            case STALL_MID_STREAM, SLOW_FIRST_BYTE -> ModelException.Kind.TIMEOUT;
            case DISCONNECT_MID_TOOL_CALL -> ModelException.Kind.NETWORK;
            case ERROR_EVENT -> errorEventKind();
            default -> ModelException.Kind.MALFORMED_STREAM;
        };
    }

    @ParameterizedTest
    @EnumSource(value = Fault.Kind.class, names = {"STALL_MID_STREAM", "TRUNCATED_STREAM", "MALFORMED_JSON", "MERGED_EVENTS", "DISCONNECT_MID_TOOL_CALL"})
    void nonStreamedBodyFaultsAreDetected(Fault.Kind kind) throws Exception {
        fake.enqueueFault(new Fault(kind, Duration.ofSeconds(3)));
        ModelProvider p = provider(0, false);
        ModelException e = catchThrowableOfType(ModelException.class, () -> p.complete(request("x"), StreamListener.NONE));
        assertThat(e).isNotNull();
        assertThat(e.transientFailure()).isTrue();
        fake.enqueueText("fine");
        assertThat(p.complete(request("again"), StreamListener.NONE).text()).isEqualTo("fine");
    }

    @Test
    void httpStatusesMapToKinds() {
        record Case(int status, ModelException.Kind kind) { }
        for (Case c : List.of(new Case(429, ModelException.Kind.RATE_LIMITED), new Case(500, ModelException.Kind.SERVER_ERROR),
                new Case(502, ModelException.Kind.SERVER_ERROR), new Case(503, ModelException.Kind.OVERLOADED),
                new Case(529, ModelException.Kind.OVERLOADED), new Case(400, ModelException.Kind.BAD_REQUEST),
                new Case(404, ModelException.Kind.BAD_REQUEST), new Case(401, ModelException.Kind.AUTH),
                new Case(403, ModelException.Kind.AUTH), new Case(408, ModelException.Kind.TIMEOUT))) {
            fake.enqueueFault(Fault.status(c.status()));
            ModelException e = catchThrowableOfType(ModelException.class, () -> provider(0, true).complete(request("x"), StreamListener.NONE));
            assertThat(e.kind()).as("HTTP %d", c.status()).isEqualTo(c.kind());
            assertThat(e.getMessage()).contains("HTTP " + c.status()).doesNotContain(KEY);
        }
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndTheDeltasOfAFailedAttemptDiscarded() throws Exception {
        fake.enqueueFault(Fault.overloaded()).enqueueFault(Fault.of(Fault.Kind.TRUNCATED_STREAM)).enqueueText("third time lucky");
        RecordingListener l = new RecordingListener();
        ModelResponse r = provider(2, true).complete(request("x"), l);
        assertThat(r.text()).isEqualTo("third time lucky");
        assertThat(fake.requestCount()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        // Full jitter: each wait lies within the capped exponential bound.
        assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(250));
        assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(500));
        assertThat(l.discards).hasSize(1);
        assertThat(l.visible()).isEqualTo("third time lucky");
        assertThat(meters.counter("clawdbot.model.retries", "provider", "fake").count()).isEqualTo(2.0);
    }

    @Test
    void retryAfterSecondsIsHonoured() throws Exception {
        fake.enqueueFault(Fault.rateLimited("2")).enqueueText("ok");
        assertThat(provider(2, true).complete(request("x"), StreamListener.NONE).text()).isEqualTo("ok");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterHttpDateIsHonoured() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(7), ZoneOffset.UTC));
        fake.enqueueFault(Fault.rateLimited(date)).enqueueText("ok");
        assertThat(provider(2, true).complete(request("x"), StreamListener.NONE).text()).isEqualTo("ok");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterBeyondTheCapIsNotWaitedFor() {
        fake.enqueueFault(Fault.rateLimited("3600")).enqueueText("never fetched");
        ModelException e = catchThrowableOfType(ModelException.class, () -> provider(2, true).complete(request("x"), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(sleeps).isEmpty();
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void theCallersBadRequestIsNeverRetried() {
        fake.enqueueFault(Fault.status(400)).enqueueText("never fetched");
        assertThatThrownBy(() -> provider(3, true).complete(request("x"), StreamListener.NONE))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST));
        assertThat(fake.requestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aSlowFirstByteWithinTheIdleTimeoutIsFineAndBeyondItIsATimeout() throws Exception {
        fake.enqueue(new Reply("slow but fine", List.of(), Fault.slowFirstByte(Duration.ofMillis(300))));
        ProviderConfig patient = ProviderConfig.of(type(), baseUrl(fake), KEY).withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(20)).withRetries(0);
        assertThat(provider(patient).complete(request("x"), StreamListener.NONE).text()).isEqualTo("slow but fine");
        fake.enqueueFault(Fault.slowFirstByte(Duration.ofSeconds(3)));
        ModelException e = catchThrowableOfType(ModelException.class, () -> provider(0, true).complete(request("x"), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.TIMEOUT);
    }

    @Test
    void anUnreachableServerIsANetworkError() {
        String url = baseUrl(fake);
        fake.close();
        ModelException e = catchThrowableOfType(ModelException.class,
                () -> provider(ProviderConfig.of(type(), url, KEY).withRetries(0)).complete(request("x"), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.NETWORK);
        assertThat(e.getMessage()).contains("cannot connect");
        fake = FakeModelServer.start();
    }
}
