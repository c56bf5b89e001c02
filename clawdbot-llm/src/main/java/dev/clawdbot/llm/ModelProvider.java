package dev.clawdbot.llm;

/**
 * A model endpoint. {@link #complete} streams where the provider can, reports text deltas to the listener,
 * and returns only a complete, validated response; anything else is a {@link ModelException}.
 */
interface ModelProvider {

    /** The provider id used in {@code provider/model} names, e.g. {@code anthropic}, {@code openai}. */
    String id();

    ModelResponse complete(ModelRequest request, StreamListener listener) throws ModelException;

    /** The context window of a model in tokens, for compaction decisions. */
    default int contextWindow(String model) {
        return 128_000;
    }
}
