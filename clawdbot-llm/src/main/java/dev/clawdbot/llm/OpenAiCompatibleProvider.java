package dev.clawdbot.llm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any OpenAI-compatible Chat Completions server: vLLM, Ollama, llama.cpp, Groq, Azure OpenAI, OpenAI.
 * Streaming with validated tool-call assembly, retries with backoff, and {@link #listModels()} for doctor.
 */
final class OpenAiCompatibleProvider extends WireProvider {

    public OpenAiCompatibleProvider(String id, ProviderConfig config) {
        this(id, config, ProviderEnvironment.defaults());
    }

    public OpenAiCompatibleProvider(String id, ProviderConfig config, ProviderEnvironment env) {
        super(id, config, env, ProviderConfig.OPENAI, 128_000, OpenAiWire::new);
    }

    /** The model ids the server offers ({@code GET /models}), for {@code doctor} and {@code /model}. */
    @Override
    public List<String> listModels() throws ModelException {
        Map<String, String> auth = new LinkedHashMap<>();
        if (config.apiKey() != null) auth.put("authorization", "Bearer " + config.apiKey());
        return ModelLister.list(id, URI.create(config.baseUrl() + "/models"), auth, config);
    }
}
