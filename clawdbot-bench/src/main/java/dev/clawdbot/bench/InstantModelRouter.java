package dev.clawdbot.bench;

import dev.clawdbot.llm.ContentBlock;
import dev.clawdbot.llm.ModelRequest;
import dev.clawdbot.llm.ModelResponse;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.StreamListener;
import dev.clawdbot.llm.Usage;

import java.util.List;

/**
 * A model that streams and returns one fixed answer at once, so a benchmark measures Clawdbot and not a provider.
 * It records nothing (the scripted router of the tests keeps every request, which a long benchmark must not).
 */
public final class InstantModelRouter implements ModelRouter {
    private final String text;
    private final ModelResponse answer;

    public InstantModelRouter(String text) {
        this.text = text;
        this.answer = new ModelResponse("fake/instant", List.of(new ContentBlock.Text(text)), ModelResponse.StopReason.END_TURN,
                new Usage(12, 1, 0, 0));
    }

    @Override
    public ModelResponse complete(RouteContext context, ModelRequest request, StreamListener listener) {
        listener.onTextDelta(text);
        return answer;
    }

    /** Large, so no benchmark turn is compacted. */
    @Override
    public int contextWindow(RouteContext context) {
        return 1_000_000;
    }

    @Override
    public List<String> availableModels() {
        return List.of("fake/instant");
    }

    @Override
    public List<String> status() {
        return List.of();
    }
}
