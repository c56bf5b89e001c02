package dev.clawdbot.llm;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Any OpenAI-compatible Chat Completions server: vLLM, Ollama, llama.cpp, Groq, Azure OpenAI, OpenAI.
 * Streaming with validated tool-call assembly, retries with backoff, and {@link #listModels()} for doctor.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {

    private final String id;
    private final ProviderConfig config;
    private final HttpProvider http;

    public OpenAiCompatibleProvider(String id, ProviderConfig config) {
        this(id, config, ProviderEnvironment.defaults());
    }

    public OpenAiCompatibleProvider(String id, ProviderConfig config, ProviderEnvironment env) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config");
        if (!ProviderConfig.OPENAI.equals(config.type())) throw new IllegalArgumentException("provider " + id + " is not of type openai");
        this.http = new HttpProvider(id, config, env, new OpenAiWire(config));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ModelResponse complete(ModelRequest request, StreamListener listener) throws ModelException {
        return http.complete(request, listener == null ? StreamListener.NONE : listener);
    }

    @Override
    public int contextWindow(String model) {
        Integer w = config.contextWindows().get(model);
        return w != null ? w : ModelProvider.super.contextWindow(model);
    }

    /** The model ids the server offers ({@code GET /models}), for {@code doctor} and {@code /model}. */
    public List<String> listModels() throws ModelException {
        Map<String, String> auth = new java.util.LinkedHashMap<>();
        if (config.apiKey() != null) auth.put("authorization", "Bearer " + config.apiKey());
        return ModelLister.list(id, URI.create(config.baseUrl() + "/models"), auth, config);
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + id + ", " + config.baseUrl() + "]";
    }
}
