package dev.clawdbot.llm;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the two HTTP providers share: an id, a validated config of the right type, the HTTP client with its
 * retries and validation, and model listing for {@code doctor}. Each subclass supplies only its wire format.
 */
abstract sealed class WireProvider implements ModelProvider permits AnthropicProvider, OpenAiCompatibleProvider {

    final String id;
    final ProviderConfig config;
    private final HttpProvider http;
    private final int defaultContextWindow;

    WireProvider(String id, ProviderConfig config, ProviderEnvironment env, String type, int defaultContextWindow,
                 Function<ProviderConfig, WireFormat> wire) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config");
        if (!type.equals(config.type())) throw new IllegalArgumentException("provider " + id + " is not of type " + type);
        this.http = new HttpProvider(id, config, env, wire.apply(config));
        this.defaultContextWindow = defaultContextWindow;
    }

    /** The model ids the server offers with the configured credentials, for {@code doctor} and {@code /model}. */
    public abstract List<String> listModels() throws ModelException;

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ModelResponse complete(ModelRequest request, StreamListener listener) throws ModelException {
        return http.complete(request, listener == null ? StreamListener.NONE : listener);
    }

    @Override
    public final int contextWindow(String model) {
        Integer w = config.contextWindows().get(model);
        return w != null ? w : defaultContextWindow;
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + id + ", " + config.baseUrl() + "]";
    }
}
