package dev.clawdbot.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.llm.ContentBlock;
import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.ModelRequest;
import dev.clawdbot.llm.ModelResponse;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.StreamListener;
import dev.clawdbot.llm.Usage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The model router of every module's tests: answers from a queue of scripted steps, then from {@link #fallback}
 * (an echo unless a test sets one); records every request and its route; can block, fail or stream. Shipped in
 * clawdbot-llm's test-jar, not in clawdbot-testkit, because llm's own tests use the testkit (a testkit that knew llm
 * would be a cycle).
 */
public final class ScriptedRouter implements ModelRouter {

    /** One scripted answer, with everything the router was given. */
    @FunctionalInterface
    public interface Step {
        ModelResponse answer(RouteContext ctx, ModelRequest request, StreamListener listener) throws Exception;
    }

    /** An answer computed from the request alone; may throw a ModelException to simulate an outage. */
    @FunctionalInterface
    public interface Script {
        ModelResponse answer(ModelRequest request) throws ModelException;
    }

    public final List<ModelRequest> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<RouteContext> routes = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger concurrent = new AtomicInteger();
    public final AtomicInteger maxConcurrent = new AtomicInteger();
    public volatile int contextWindow = 100_000;
    public volatile Step fallback = (c, r, l) -> text("echo: " + lastUserText(r));
    private final ConcurrentLinkedDeque<Step> steps = new ConcurrentLinkedDeque<>();


    /** Answers every request with {@code script}. */
    public static ScriptedRouter answering(Script script) {
        ScriptedRouter router = new ScriptedRouter();
        router.script(script);
        return router;
    }

    /** Answers with text computed from the last user message's text. */
    public static ScriptedRouter replying(Function<String, String> answer) {
        return answering(req -> text(answer.apply(lastUserText(req))));
    }

    /** Every request fails as an overloaded provider would. */
    public static ScriptedRouter down() {
        return answering(req -> {
            throw new ModelException(ModelException.Kind.OVERLOADED, "scripted outage");
        });
    }

    /** From now on, requests with no queued step are answered by {@code script}. */
    public void script(Script script) {
        fallback = (c, r, l) -> script.answer(r);
    }

    public ScriptedRouter then(Step step) {
        steps.add(step);
        return this;
    }

    public ScriptedRouter thenText(String text) {
        return then((c, r, l) -> {
            l.onTextDelta(text);
            return text(text);
        });
    }

    public ScriptedRouter thenTool(String id, String name, JsonNode input) {
        return then((c, r, l) -> new ModelResponse("fake/m1", List.of(new ContentBlock.ToolUse(id, name, input)),
                ModelResponse.StopReason.TOOL_USE, new Usage(10, 5, 0, 0)));
    }

    public ScriptedRouter thenFail(ModelException.Kind kind, String message) {
        return then((c, r, l) -> {
            throw new ModelException(kind, message);
        });
    }

    public static ModelResponse text(String text) {
        return new ModelResponse("fake/m1", List.of(new ContentBlock.Text(text)), ModelResponse.StopReason.END_TURN, new Usage(10, 5, 0, 0));
    }

    public static String lastUserText(ModelRequest r) {
        return r.messages().getLast().text();
    }

    /** A step that waits for the latch (interruptibly, like a real HTTP call), then answers. */
    public static Step blocking(CountDownLatch started, CountDownLatch release, String answer) {
        return (c, r, l) -> {
            started.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException(ModelException.Kind.NETWORK, "interrupted", null, e);
            }
            return text(answer);
        };
    }

    @Override
    public ModelResponse complete(RouteContext context, ModelRequest request, StreamListener listener) throws ModelException {
        requests.add(request);
        routes.add(context);
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            Step s = steps.poll();
            return (s == null ? fallback : s).answer(context, request, listener);
        } catch (ModelException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    @Override
    public int contextWindow(RouteContext context) {
        return contextWindow;
    }

    @Override
    public List<String> availableModels() {
        return List.of("fake/m1", "fake/m2");
    }

    @Override
    public List<String> status() {
        return List.of("fake: closed circuit, no errors");
    }
}
