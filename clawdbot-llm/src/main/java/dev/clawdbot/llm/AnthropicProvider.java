package dev.clawdbot.llm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Anthropic Messages API: streaming (validated event by event) or not, tools, thinking blocks,
 * prompt caching, retries with backoff. Thread-safe; one instance serves every session.
 */
final class AnthropicProvider extends WireProvider {

    public AnthropicProvider(String id, ProviderConfig config) {
        this(id, config, ProviderEnvironment.defaults());
    }

    public AnthropicProvider(String id, ProviderConfig config, ProviderEnvironment env) {
        super(id, config, env, ProviderConfig.ANTHROPIC, 200_000, AnthropicWire::new);
    }

    /** The models the key may use ({@code GET /v1/models}), for {@code doctor}. */
    @Override
    public List<String> listModels() throws ModelException {
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("anthropic-version", AnthropicWire.VERSION);
        if (config.apiKey() != null) auth.put("x-api-key", config.apiKey());
        return ModelLister.list(id, URI.create(config.baseUrl() + "/v1/models"), auth, config);
    }
}
