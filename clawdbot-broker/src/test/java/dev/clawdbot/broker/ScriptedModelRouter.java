package dev.clawdbot.broker;

import dev.clawdbot.llm.ContentBlock;
import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.ModelRequest;
import dev.clawdbot.llm.ModelResponse;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.StreamListener;
import dev.clawdbot.llm.Usage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A ModelRouter whose answers a test scripts: a function from the request to a full response (or an exception). */
public final class ScriptedModelRouter implements ModelRouter {

    /** One scripted answer; may throw a ModelException to simulate an outage. */
    @FunctionalInterface
    public interface Script {
        ModelResponse answer(ModelRequest request) throws ModelException;
    }

    public final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Script script;

    public ScriptedModelRouter(Script script) {
        this.script = script;
    }

    /** Answers with text computed from the last user message's text. */
    public static ScriptedModelRouter text(Function<String, String> answer) {
        return new ScriptedModelRouter(req -> textResponse(answer.apply(req.messages().getLast().text())));
    }

    public static ScriptedModelRouter down() {
        return new ScriptedModelRouter(req -> {
            throw new ModelException(ModelException.Kind.OVERLOADED, "scripted outage");
        });
    }

    public void script(Script s) {
        this.script = s;
    }

    public static ModelResponse textResponse(String text) {
        return new ModelResponse("scripted/model", List.of(new ContentBlock.Text(text)), ModelResponse.StopReason.END_TURN, new Usage(1, 1, 0, 0));
    }

    @Override
    public ModelResponse complete(RouteContext context, ModelRequest request, StreamListener listener) throws ModelException {
        requests.add(request);
        return script.answer(request);
    }

    @Override
    public int contextWindow(RouteContext context) {
        return 200_000;
    }

    @Override
    public List<String> availableModels() {
        return List.of("scripted/model");
    }

    @Override
    public List<String> status() {
        return List.of("scripted: ok");
    }
}
