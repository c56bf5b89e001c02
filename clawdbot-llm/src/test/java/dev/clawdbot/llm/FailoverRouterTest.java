package dev.clawdbot.llm;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.testkit.llm.Fault;
import dev.clawdbot.testkit.llm.FakeModelServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FailoverRouterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final List<Event> events = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ScriptedProvider anthropic = new ScriptedProvider("anthropic");
    final ScriptedProvider gpu = new ScriptedProvider("gpu");
    final ScriptedProvider ollama = new ScriptedProvider("ollama");

    static final ModelRouter.RouteContext DAKOTA = new ModelRouter.RouteContext("dakota", "s1", null);

    static ModelsConfig config(ModelsConfig.Budgets budgets) {
        Map<String, ProviderConfig> p = new java.util.LinkedHashMap<>();
        p.put("anthropic", ProviderConfig.of("anthropic", null, null));
        p.put("gpu", ProviderConfig.of("openai", "http://gpu:8000/v1", null));
        p.put("ollama", ProviderConfig.of("openai", "http://127.0.0.1:11434/v1", null));
        return new ModelsConfig(p, "anthropic/claude-opus-4-5", List.of("gpu/qwen2.5-72b", "ollama/llama3.1"),
                Map.of("sysadmin", new ModelsConfig.Agent("gpu/qwq-32b", List.of())),
                new ModelsConfig.Breaker(2, Duration.ofSeconds(30)), budgets, false);
    }

    FailoverRouter router() {
        return router(new ModelsConfig.Budgets(null, null, null, null));
    }

    FailoverRouter router(ModelsConfig.Budgets budgets) {
        return new FailoverRouter(Map.of("anthropic", anthropic, "gpu", gpu, "ollama", ollama), config(budgets),
                new TokenBudget(budgets, TokenLedger.inMemory(), clock, events::add), clock, meters, events::add);
    }

    static ModelRequest req() {
        return new ModelRequest("", "", List.of(ChatMessage.user("hi")), List.of(), 100, List.of(), null);
    }

    List<String> types() {
        return events.stream().map(Event::type).toList();
    }

    @Test
    void theRouteNamesTheChainOrTheOverrideAlone() {
        FailoverRouter router = router();
        assertThat(router.route(DAKOTA)).containsExactly("anthropic/claude-opus-4-5", "gpu/qwen2.5-72b", "ollama/llama3.1");
        assertThat(router.route(new ModelRouter.RouteContext("sysadmin", "s1", null))).containsExactly("gpu/qwq-32b");
        assertThat(router.route(new ModelRouter.RouteContext("dakota", "s1", "ollama/llama3.1"))).containsExactly("ollama/llama3.1");
        assertThat(router.route(new ModelRouter.RouteContext("dakota", "s1", "default"))).hasSize(3);
    }

    @Test
    void thePrimaryAnswersAndTheResponseNamesIt() throws Exception {
        anthropic.reply("hello");
        ModelResponse r = router().complete(DAKOTA, req(), StreamListener.NONE);
        assertThat(r.model()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(anthropic.lastModel).isEqualTo("claude-opus-4-5");
        assertThat(types()).containsExactly("model.call");
    }

    @Test
    void aFailingListenerNeitherBreaksTheCallNorBlamesTheProvider() throws Exception {
        anthropic.reply("shown to nobody");
        StreamListener gone = new StreamListener() {
            @Override
            public void onTextDelta(String text) {
                throw new IllegalStateException("websocket closed");
            }
        };
        FailoverRouter router = router();
        assertThat(router.complete(DAKOTA, req(), gone).text()).isEqualTo("shown to nobody");
        assertThat(router.status().get(0)).startsWith("anthropic: closed, 0 consecutive failures");
    }

    @Test
    void transientFailuresFailOverAlongTheChain() throws Exception {
        anthropic.fail(ModelException.Kind.OVERLOADED);
        gpu.fail(ModelException.Kind.TIMEOUT);
        ollama.reply("local answer");
        ModelResponse r = router().complete(DAKOTA, req(), StreamListener.NONE);
        assertThat(r.model()).isEqualTo("ollama/llama3.1");
        assertThat(r.text()).isEqualTo("local answer");
        assertThat(events.stream().filter(e -> e.type().equals("model.failover")).map(e -> e.fields().get("to")))
                .containsExactly("gpu/qwen2.5-72b", "ollama/llama3.1");
        assertThat(meters.counter("clawdbot.model.failovers", "from", "anthropic", "to", "gpu").count()).isEqualTo(1.0);
    }

    @Test
    void theCallersBadRequestAndAuthFailuresDoNotFailOver() {
        for (ModelException.Kind k : List.of(ModelException.Kind.BAD_REQUEST, ModelException.Kind.AUTH)) {
            anthropic.fail(k);
            ModelException e = catchThrowableOfType(ModelException.class, () -> router().complete(DAKOTA, req(), StreamListener.NONE));
            assertThat(e.kind()).isEqualTo(k);
        }
        assertThat(gpu.calls).hasValue(0);
        assertThat(ollama.calls).hasValue(0);
    }

    @Test
    void theBreakerOpensSkipsWithoutCallingThenProbesAndCloses() throws Exception {
        FailoverRouter router = router();
        anthropic.fail(ModelException.Kind.OVERLOADED).fail(ModelException.Kind.NETWORK);
        gpu.reply("a").reply("b").reply("c");
        router.complete(DAKOTA, req(), StreamListener.NONE);
        router.complete(DAKOTA, req(), StreamListener.NONE);
        assertThat(types()).contains("breaker.opened");
        assertThat(router.status().get(0)).startsWith("anthropic: open").contains("2 consecutive failures").contains("last error NETWORK");

        ModelResponse r = router.complete(DAKOTA, req(), StreamListener.NONE);
        assertThat(r.model()).isEqualTo("gpu/qwen2.5-72b");
        assertThat(anthropic.calls).as("an open breaker is skipped without a call").hasValue(2);

        clock.advance(Duration.ofSeconds(31));
        anthropic.reply("back");
        assertThat(router.complete(DAKOTA, req(), StreamListener.NONE).model()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(router.status().get(0)).startsWith("anthropic: closed, 0 consecutive failures");
        assertThat(types()).contains("breaker.closed");
    }

    @Test
    void aFailedHalfOpenProbeReopensAtOnce() throws Exception {
        FailoverRouter router = router();
        anthropic.fail(ModelException.Kind.OVERLOADED).fail(ModelException.Kind.OVERLOADED).fail(ModelException.Kind.OVERLOADED);
        gpu.reply("a").reply("b").reply("c").reply("d");
        router.complete(DAKOTA, req(), StreamListener.NONE);
        router.complete(DAKOTA, req(), StreamListener.NONE);
        clock.advance(Duration.ofSeconds(31));
        router.complete(DAKOTA, req(), StreamListener.NONE);
        assertThat(anthropic.calls).hasValue(3);
        router.complete(DAKOTA, req(), StreamListener.NONE);
        assertThat(anthropic.calls).as("reopened: no second probe").hasValue(3);
        assertThat(router.status().get(0)).startsWith("anthropic: open");
    }

    @Test
    void whenEveryBreakerIsOpenTheErrorSaysWhenToRetry() throws Exception {
        FailoverRouter router = router();
        for (ScriptedProvider p : List.of(anthropic, gpu, ollama)) p.fail(ModelException.Kind.OVERLOADED).fail(ModelException.Kind.OVERLOADED);
        for (int i = 0; i < 2; i++) catchThrowableOfType(ModelException.class, () -> router.complete(DAKOTA, req(), StreamListener.NONE));
        clock.advance(Duration.ofSeconds(10));
        ModelException e = catchThrowableOfType(ModelException.class, () -> router.complete(DAKOTA, req(), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.OVERLOADED);
        assertThat(e.getMessage()).contains("anthropic/claude-opus-4-5 skipped (circuit open, probe in 20 s)").contains("cooling down");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void allFailuresAreListedWhenTheChainIsExhausted() {
        anthropic.fail(ModelException.Kind.OVERLOADED);
        gpu.fail(ModelException.Kind.SERVER_ERROR);
        ollama.fail(ModelException.Kind.NETWORK);
        ModelException e = catchThrowableOfType(ModelException.class, () -> router().complete(DAKOTA, req(), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.NETWORK);
        assertThat(e.getMessage()).contains("scripted OVERLOADED").contains("scripted SERVER_ERROR").contains("scripted NETWORK");
    }

    @Test
    void anExplicitModelChoiceIsHonouredAndNeverSilentlyReplaced() throws Exception {
        gpu.reply("from gpu");
        ModelRouter.RouteContext chosen = new ModelRouter.RouteContext("dakota", "s1", "gpu/qwen2.5-72b");
        assertThat(router().complete(chosen, req(), StreamListener.NONE).model()).isEqualTo("gpu/qwen2.5-72b");
        assertThat(anthropic.calls).hasValue(0);

        gpu.fail(ModelException.Kind.OVERLOADED);
        ModelException e = catchThrowableOfType(ModelException.class, () -> router().complete(chosen, req(), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.OVERLOADED);
        assertThat(e.getMessage()).contains("you chose with /model, gpu/qwen2.5-72b").contains("not replaced by a fallback");
        assertThat(ollama.calls).hasValue(0);
        assertThat(anthropic.calls).hasValue(0);
    }

    @Test
    void anUnknownModelChoiceListsTheAvailableOnes() {
        ModelException e = catchThrowableOfType(ModelException.class,
                () -> router().complete(new ModelRouter.RouteContext("dakota", "s1", "nope/x"), req(), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("anthropic/claude-opus-4-5, gpu/qwen2.5-72b, ollama/llama3.1");
    }

    @Test
    void agentsHaveTheirOwnChain() throws Exception {
        gpu.reply("admin");
        ModelResponse r = router().complete(new ModelRouter.RouteContext("sysadmin", "s2", null), req(), StreamListener.NONE);
        assertThat(r.model()).isEqualTo("gpu/qwq-32b");
        assertThat(router().contextWindow(new ModelRouter.RouteContext("sysadmin", "s2", null))).isEqualTo("qwq-32b".length() * 1000);
        assertThat(router().contextWindow(DAKOTA)).isEqualTo("claude-opus-4-5".length() * 1000);
        assertThat(router().availableModels()).containsExactly("anthropic/claude-opus-4-5", "gpu/qwen2.5-72b", "ollama/llama3.1", "gpu/qwq-32b");
    }

    @Test
    void budgetsStopARunBeforeTheCallAndRecordUsageAfter() throws Exception {
        FailoverRouter router = router(new ModelsConfig.Budgets(20L, null, null, null));
        anthropic.reply("one").reply("two").reply("three");
        router.complete(DAKOTA, req(), StreamListener.NONE);
        router.complete(DAKOTA, req(), StreamListener.NONE);
        ModelException e = catchThrowableOfType(ModelException.class, () -> router.complete(DAKOTA, req(), StreamListener.NONE));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.BUDGET_EXCEEDED);
        assertThat(e.getMessage()).contains("30 of its 20 tokens").contains("models.budgets.perSession").contains("/new");
        assertThat(anthropic.calls).hasValue(2);
        assertThat(types()).contains("budget.exceeded");
        assertThat(router.complete(new ModelRouter.RouteContext("dakota", "s-new", null), req(), StreamListener.NONE).text()).isEqualTo("three");
    }

    /** Concurrent turns of one session cannot all pass the check on the same remainder: each holds its estimate until it settles. */
    @Test
    void concurrentCallsHoldTheirEstimateSoTheyCannotAllPassOnTheSameRemainder() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
        ModelProvider slow = new ModelProvider() {
            @Override
            public String id() {
                return "anthropic";
            }

            @Override
            public ModelResponse complete(ModelRequest request, StreamListener listener) {
                entered.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ModelResponse("anthropic/" + request.model(), List.of(new ContentBlock.Text("ok")),
                        ModelResponse.StopReason.END_TURN, new Usage(10, 5, 0, 0));
            }

            @Override
            public int contextWindow(String model) {
                return 200_000;
            }
        };
        ModelsConfig.Budgets budgets = new ModelsConfig.Budgets(250L, null, null, null);
        TokenBudget budget = new TokenBudget(budgets, TokenLedger.inMemory(), clock, events::add);
        FailoverRouter router = new FailoverRouter(Map.of("anthropic", slow, "gpu", gpu, "ollama", ollama), config(budgets), budget, clock, meters, events::add);
        assertThat(FailoverRouter.estimate(req())).isEqualTo(100);
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> callers = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    router.complete(DAKOTA, req(), StreamListener.NONE);
                } catch (ModelException e) {
                    if (e.kind() == ModelException.Kind.BUDGET_EXCEEDED) refused.incrementAndGet();
                }
            }));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> entered.get() + refused.get() == 5);
        assertThat(entered).as("250 tokens left, 100 held per call: three calls fit").hasValue(3);
        assertThat(refused).hasValue(2);
        release.countDown();
        for (Thread t : callers) t.join();
        assertThat(budget.held()).as("settled and given back").isZero();
        assertThat(router.complete(DAKOTA, req(), StreamListener.NONE).text()).as("45 of 250 used: the next call runs").isEqualTo("ok");
    }

    /** End to end over HTTP: a primary that dies mid-stream is replaced, and what the user saw of it is discarded. */
    @Test
    void failoverOverRealProvidersDiscardsThePartialReply() throws Exception {
        try (FakeModelServer primary = FakeModelServer.start(); FakeModelServer fallback = FakeModelServer.start()) {
            primary.enqueueFault(Fault.of(Fault.Kind.TRUNCATED_STREAM));
            fallback.enqueueText("the fallback's whole answer");
            Map<String, ProviderConfig> p = new java.util.LinkedHashMap<>();
            p.put("anthropic", ProviderConfig.of("anthropic", primary.baseUrl(), "sk-ant-test-key-0000000").withRetries(0));
            p.put("gpu", ProviderConfig.of("openai", fallback.openAiBaseUrl(), null).withRetries(0));
            ModelsConfig cfg = new ModelsConfig(p, "anthropic/claude-opus-4-5", List.of("gpu/qwen2.5-72b"), null, null, null, false);
            ModelRouter router = Models.router(cfg, null, ProviderEnvironment.defaults().withClock(clock).withEvents(events::add),
                    LocalModelDetector.defaults());
            RecordingListener l = new RecordingListener();
            ModelResponse r = router.complete(DAKOTA, req(), l);
            assertThat(r.model()).isEqualTo("gpu/qwen2.5-72b");
            assertThat(r.text()).isEqualTo("the fallback's whole answer");
            assertThat(l.discards).hasSize(1);
            assertThat(l.visible()).isEqualTo("the fallback's whole answer");
            assertThat(types()).contains("model.fault", "model.failover", "model.call");
            assertThat(fallback.lastRequest().json().path("model").asText()).isEqualTo("qwen2.5-72b");
        }
    }
}
