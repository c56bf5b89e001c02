package dev.clawdbot.llm;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider answering from a script of replies and failures, counting its calls. */
final class ScriptedProvider implements ModelProvider {
    private final String id;
    private final ConcurrentLinkedQueue<Object> script = new ConcurrentLinkedQueue<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile String lastModel;

    ScriptedProvider(String id) {
        this.id = id;
    }

    ScriptedProvider reply(String text) {
        script.add(text);
        return this;
    }

    ScriptedProvider fail(ModelException.Kind kind) {
        script.add(kind);
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ModelResponse complete(ModelRequest request, StreamListener listener) throws ModelException {
        calls.incrementAndGet();
        lastModel = request.model();
        Object next = script.poll();
        if (next == null) throw new IllegalStateException(id + ": script exhausted");
        if (next instanceof ModelException.Kind k) throw new ModelException(k, id + "/" + request.model() + ": scripted " + k);
        listener.onTextDelta((String) next);
        return new ModelResponse(id + "/" + request.model(), List.of(new ContentBlock.Text((String) next)),
                ModelResponse.StopReason.END_TURN, new Usage(10, 5, 0, 0));
    }

    @Override
    public int contextWindow(String model) {
        return model.length() * 1000;
    }
}
