package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Any OpenAI-compatible Chat Completions server: vLLM, Ollama, llama.cpp, Groq, Azure OpenAI, OpenAI.
 * Streaming with validated tool-call assembly, retries with backoff, and {@link #listModels()} for doctor.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {

    private final String id;
    private final ProviderConfig config;
    private final HttpProvider http;
    private final SecretScrubber scrubber;

    public OpenAiCompatibleProvider(String id, ProviderConfig config) {
        this(id, config, ProviderEnvironment.defaults());
    }

    public OpenAiCompatibleProvider(String id, ProviderConfig config, ProviderEnvironment env) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config");
        if (!ProviderConfig.OPENAI.equals(config.type())) throw new IllegalArgumentException("provider " + id + " is not of type openai");
        this.http = new HttpProvider(id, config, env, new OpenAiWire(config));
        this.scrubber = new SecretScrubber(config.secrets());
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.baseUrl() + "/models"))
                .timeout(config.idleTimeout()).header("accept", "application/json").GET();
        if (config.apiKey() != null) b.header("authorization", "Bearer " + config.apiKey());
        config.headers().forEach(b::header);
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build()) {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ModelException(ModelException.Kind.NETWORK, id + ": cannot list models at " + config.baseUrl() + "/models ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.NETWORK, id + ": interrupted while listing models");
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new ModelException(ModelException.Kind.AUTH, id + ": HTTP " + r.statusCode() + " listing models (check the provider's apiKey)");
        }
        if (r.statusCode() != 200) {
            throw new ModelException(r.statusCode() >= 500 ? ModelException.Kind.SERVER_ERROR : ModelException.Kind.BAD_REQUEST,
                    scrubber.scrub(id + ": HTTP " + r.statusCode() + " listing models at " + config.baseUrl() + "/models"));
        }
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode m : Json.object(r.body(), "the model list").path("data")) {
                String mid = Json.text(m, "id");
                if (mid != null) ids.add(mid);
            }
            return ids;
        } catch (StreamFault f) {
            throw new ModelException(ModelException.Kind.MALFORMED_STREAM, id + ": " + f.getMessage());
        }
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + id + ", " + config.baseUrl() + "]";
    }
}
