package dev.clawdbot.bench.broker;

import dev.clawdbot.llm.ContentBlock;
import dev.clawdbot.llm.ModelRequest;
import dev.clawdbot.llm.ModelResponse;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.StreamListener;
import dev.clawdbot.llm.Usage;

import java.util.List;

/** A model that answers at once, so the benchmark measures the broker and not a provider. */
final class InstantModelRouter implements ModelRouter {

    @Override
    public ModelResponse complete(RouteContext context, ModelRequest request, StreamListener listener) {
        return new ModelResponse("instant/model", List.of(new ContentBlock.Text("Routine change.\nRISK: low")), ModelResponse.StopReason.END_TURN,
                new Usage(1, 1, 0, 0));
    }

    @Override
    public int contextWindow(RouteContext context) {
        return 100_000;
    }

    @Override
    public List<String> availableModels() {
        return List.of("instant/model");
    }

    @Override
    public List<String> status() {
        return List.of("instant: ok");
    }
}
