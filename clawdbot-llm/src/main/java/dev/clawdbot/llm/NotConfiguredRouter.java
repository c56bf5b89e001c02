package dev.clawdbot.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The router when no model is configured: the gateway still runs, and every call answers with precisely
 * how to configure one, naming a local Ollama or vLLM server if one answers.
 */
final class NotConfiguredRouter implements ModelRouter {

    private static final Duration DETECT_EVERY = Duration.ofSeconds(30);

    private final Supplier<List<LocalModelDetector.Detected>> detector;
    private final java.time.Clock clock;
    private List<LocalModelDetector.Detected> detected;
    private Instant detectedAt;

    NotConfiguredRouter(Supplier<List<LocalModelDetector.Detected>> detector, java.time.Clock clock) {
        this.detector = detector;
        this.clock = clock;
    }

    @Override
    public ModelResponse complete(RouteContext context, ModelRequest request, StreamListener listener) throws ModelException {
        throw new ModelException(ModelException.Kind.NOT_CONFIGURED, message(found()));
    }

    private synchronized List<LocalModelDetector.Detected> found() {
        Instant now = clock.instant();
        if (detected == null || now.isAfter(detectedAt.plus(DETECT_EVERY))) {
            detected = detector.get();
            detectedAt = now;
        }
        return detected;
    }

    static String message(List<LocalModelDetector.Detected> found) {
        StringBuilder sb = new StringBuilder("No model is configured. Either set environment variables: CLAWDBOT_MODEL=anthropic/claude-opus-4-5 "
                + "with ANTHROPIC_API_KEY (or ANTHROPIC_API_KEY_FILE), or CLAWDBOT_MODEL=openai/<model> with OPENAI_BASE_URL "
                + "(e.g. http://127.0.0.1:8000/v1 for vLLM) and OPENAI_API_KEY if the server needs one; or in clawdbot.yaml set "
                + "models.defaultModel: provider/model and models.providers.<provider>: {type: anthropic|openai, baseUrl, apiKey}.");
        for (LocalModelDetector.Detected d : found) {
            String example = d.models().isEmpty() ? "<model>" : d.models().get(0);
            sb.append(" Found a local ").append(d.name().equals("ollama") ? "Ollama" : d.name().equals("vllm") ? "vLLM" : d.name())
                    .append(" server at ").append(d.baseUrl());
            if (!d.models().isEmpty()) sb.append(" serving ").append(String.join(", ", d.models().stream().limit(5).toList()));
            sb.append(": CLAWDBOT_MODEL=").append(d.name()).append('/').append(example).append(" would use it.");
        }
        return sb.toString();
    }

    @Override
    public int contextWindow(RouteContext context) {
        return 128_000;
    }

    @Override
    public List<String> availableModels() {
        return List.of();
    }

    @Override
    public List<String> status() {
        return List.of("no model configured (set CLAWDBOT_MODEL or models.defaultModel)");
    }
}
