package dev.clawdbot.llm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Anthropic Messages API: streaming (validated event by event) or not, tools, thinking blocks,
 * prompt caching, retries with backoff. Thread-safe; one instance serves every session.
 */
public final class AnthropicProvider implements ModelProvider {

    private final String id;
    private final ProviderConfig config;
    private final HttpProvider http;

    public AnthropicProvider(String id, ProviderConfig config) {
        this(id, config, ProviderEnvironment.defaults());
    }

    public AnthropicProvider(String id, ProviderConfig config, ProviderEnvironment env) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config");
        if (!ProviderConfig.ANTHROPIC.equals(config.type())) throw new IllegalArgumentException("provider " + id + " is not of type anthropic");
        this.http = new HttpProvider(id, config, env, new AnthropicWire(config));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ModelResponse complete(ModelRequest request, StreamListener listener) throws ModelException {
        return http.complete(request, listener == null ? StreamListener.NONE : listener);
    }

    /** The models the key may use ({@code GET /v1/models}), for {@code doctor}. */
    public List<String> listModels() throws ModelException {
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("anthropic-version", AnthropicWire.VERSION);
        if (config.apiKey() != null) auth.put("x-api-key", config.apiKey());
        return ModelLister.list(id, URI.create(config.baseUrl() + "/v1/models"), auth, config);
    }

    @Override
    public int contextWindow(String model) {
        Integer w = config.contextWindows().get(model);
        return w != null ? w : 200_000;
    }

    @Override
    public String toString() {
        return "AnthropicProvider[" + id + ", " + config.baseUrl() + "]";
    }
}
