package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds OpenAI-compatible model servers on their default local ports (Ollama 11434, vLLM 8000) by asking
 * {@code GET /v1/models} with a short timeout, so a "no model configured" message can point at them.
 */
public final class LocalModelDetector {

    /** A server that answered, with the model ids it listed. */
    public record Detected(String name, String baseUrl, List<String> models) {
    }

    private final Map<String, String> candidates;
    private final Duration timeout;

    /** {@code candidates}: provider id to OpenAI base URL (ending in {@code /v1}). */
    public LocalModelDetector(Map<String, String> candidates, Duration timeout) {
        this.candidates = new LinkedHashMap<>(candidates);
        this.timeout = timeout;
    }

    public static LocalModelDetector defaults() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("ollama", ModelsConfig.OLLAMA_URL);
        c.put("vllm", ModelsConfig.VLLM_URL);
        return new LocalModelDetector(c, Duration.ofMillis(500));
    }

    /** The candidates that answered, in order; never throws. */
    public List<Detected> detect() {
        List<Detected> found = new ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build()) {
            for (var e : candidates.entrySet()) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(e.getValue() + "/models")).timeout(timeout).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) continue;
                    List<String> models = new ArrayList<>();
                    for (JsonNode m : StreamJson.object(r.body(), "the model list").path("data")) {
                        String id = StreamJson.text(m, "id");
                        if (id != null) models.add(id);
                    }
                    found.add(new Detected(e.getKey(), e.getValue(), models));
                } catch (IOException | StreamFault | IllegalArgumentException ignored) {
                    // Nothing (valid) answers there.
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return found;
    }
}
