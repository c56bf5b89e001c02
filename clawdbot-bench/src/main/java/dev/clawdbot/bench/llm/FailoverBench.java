package dev.clawdbot.bench.llm;

import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.LocalModelDetector;
import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.ModelRequest;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.Models;
import dev.clawdbot.llm.ModelsConfig;
import dev.clawdbot.llm.ProviderConfig;
import dev.clawdbot.llm.ProviderEnvironment;
import dev.clawdbot.testkit.llm.Fault;
import dev.clawdbot.testkit.llm.FakeModelServer;
import dev.clawdbot.testkit.llm.Reply;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time from a call's start to the fallback's first token when the primary is down, over real HTTP to
 * in-process fakes: {@code direct} is the fallback alone (the floor); {@code refused} a primary whose port
 * refuses connections, with the default 2 retries and real backoff; {@code overloaded} a primary answering
 * 529 at once; {@code breakerOpen} a primary whose circuit is already open (skipped without a call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class FailoverBench {

    @Param({"direct", "refused", "overloaded", "breakerOpen"})
    public String scenario;

    FakeModelServer primary;
    FakeModelServer fallback;
    ModelRouter router;
    final ModelRouter.RouteContext ctx = new ModelRouter.RouteContext("dakota", "bench", null);
    final ModelRequest request = new ModelRequest("", "", List.of(ChatMessage.user("ping")), List.of(), 64, List.of(), null);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        primary = FakeModelServer.start();
        fallback = FakeModelServer.start().instantEcho();
        Map<String, ProviderConfig> p = new LinkedHashMap<>();
        String primaryUrl = switch (scenario) {
            case "refused" -> "http://127.0.0.1:" + freePort();
            default -> primary.baseUrl();
        };
        if (!scenario.equals("direct")) {
            primary.respondWith(r -> Reply.fault(Fault.overloaded()));
            p.put("anthropic", ProviderConfig.of("anthropic", primaryUrl, "sk-ant-bench")
                    .withRetries(scenario.equals("refused") ? 2 : 0));
        }
        p.put("gpu", ProviderConfig.of("openai", fallback.openAiBaseUrl(), null));
        String first = scenario.equals("direct") ? "gpu/qwen2.5-72b" : "anthropic/claude-opus-4-5";
        List<String> rest = scenario.equals("direct") ? List.of() : List.of("gpu/qwen2.5-72b");
        int threshold = scenario.equals("breakerOpen") ? 1 : 1_000_000;
        ModelsConfig cfg = new ModelsConfig(p, first, rest, null, new ModelsConfig.Breaker(threshold, Duration.ofHours(1)), null, false);
        router = Models.router(cfg, null, ProviderEnvironment.defaults(), LocalModelDetector.defaults());
        // Opens the breaker in that scenario; warms the fallback in all.
        router.complete(ctx, request, null);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        primary.close();
        fallback.close();
    }

    /** Returns the nanoseconds from the call's start to the first token the fallback streamed. */
    @Benchmark
    public long timeToFallbacksFirstToken() throws ModelException {
        long start = System.nanoTime();
        long[] first = {0};
        router.complete(ctx, request, text -> {
            if (first[0] == 0) first[0] = System.nanoTime();
        });
        return first[0] - start;
    }
}
