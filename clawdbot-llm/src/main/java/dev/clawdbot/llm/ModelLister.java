package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET .../models} for both APIs: both answer {@code {"data":[{"id":...}, ...]}}. */
final class ModelLister {

    private ModelLister() {
    }

    static List<String> list(String id, URI uri, Map<String, String> authHeaders, ProviderConfig config) throws ModelException {
        SecretScrubber scrubber = new SecretScrubber(config.secrets());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.idleTimeout()).header("accept", "application/json").GET();
        authHeaders.forEach(b::header);
        config.headers().forEach(b::header);
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build()) {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ModelException(ModelException.Kind.NETWORK, id + ": cannot list models at " + uri + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.NETWORK, id + ": interrupted while listing models");
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new ModelException(ModelException.Kind.AUTH, id + ": HTTP " + r.statusCode() + " listing models (check the provider's apiKey)");
        }
        if (r.statusCode() != 200) {
            throw new ModelException(r.statusCode() >= 500 ? ModelException.Kind.SERVER_ERROR : ModelException.Kind.BAD_REQUEST,
                    scrubber.scrub(id + ": HTTP " + r.statusCode() + " listing models at " + uri));
        }
        try {
            List<String> ids = new ArrayList<>();
            for (JsonNode m : StreamJson.object(r.body(), "the model list").path("data")) {
                String mid = StreamJson.text(m, "id");
                if (mid != null) ids.add(mid);
            }
            return ids;
        } catch (StreamFault f) {
            throw new ModelException(ModelException.Kind.MALFORMED_STREAM, id + ": " + f.getMessage());
        }
    }
}
