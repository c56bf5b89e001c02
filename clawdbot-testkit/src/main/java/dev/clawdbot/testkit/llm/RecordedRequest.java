package dev.clawdbot.testkit.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request {@link FakeModelServer} received; header names are lower case. */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The body as JSON, or a missing node when there is none. */
    public JsonNode json() {
        if (body == null || body.isBlank()) return FakeWire.MAPPER.missingNode();
        try {
            return FakeWire.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean streaming() {
        return json().path("stream").asBoolean(false);
    }

    /** Whether this was an Anthropic Messages call (else OpenAI Chat Completions or a model listing). */
    public boolean anthropic() {
        return path.endsWith("/messages");
    }

    /** The text of the last user message in either wire format. */
    public String lastUserText() {
        JsonNode messages = json().path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!"user".equals(m.path("role").asText())) continue;
            JsonNode c = m.path("content");
            if (c.isTextual()) return c.asText();
            StringBuilder sb = new StringBuilder();
            for (JsonNode b : c) if ("text".equals(b.path("type").asText())) sb.append(b.path("text").asText());
            return sb.toString();
        }
        return "";
    }
}
