package dev.clawdbot.agent;

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

/** A ModelRouter that answers from a script, records every request and can block, fail or stream. */
final class ScriptedRouter implements ModelRouter {

    @FunctionalInterface
    interface Step {
        ModelResponse answer(RouteContext ctx, ModelRequest request, StreamListener listener) throws Exception;
    }

    final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    final List<ModelRequest> requests = Collections.synchronizedList(new ArrayList<>());
    final List<RouteContext> routes = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile int contextWindow = 100_000;
    volatile Step fallback = (c, r, l) -> text("echo: " + lastUserText(r));

    ScriptedRouter then(Step step) {
        script.add(step);
        return this;
    }

    ScriptedRouter thenText(String text) {
        return then((c, r, l) -> {
            l.onTextDelta(text);
            return text(text);
        });
    }

    ScriptedRouter thenTool(String id, String name, JsonNode input) {
        return then((c, r, l) -> new ModelResponse("fake/m1", List.of(new ContentBlock.ToolUse(id, name, input)),
                ModelResponse.StopReason.TOOL_USE, new Usage(10, 5, 0, 0)));
    }

    ScriptedRouter thenFail(ModelException.Kind kind, String message) {
        return then((c, r, l) -> {
            throw new ModelException(kind, message);
        });
    }

    static ModelResponse text(String text) {
        return new ModelResponse("fake/m1", List.of(new ContentBlock.Text(text)), ModelResponse.StopReason.END_TURN, new Usage(10, 5, 0, 0));
    }

    static String lastUserText(ModelRequest r) {
        return r.messages().getLast().text();
    }

    /** A step that waits for the latch (interruptibly, like a real HTTP call), then answers. */
    static Step blocking(CountDownLatch started, CountDownLatch release, String answer) {
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
            Step s = script.poll();
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
