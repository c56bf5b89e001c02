package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.tool.ToolSpec;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Anthropic Messages API wire format ({@code POST /v1/messages}, version 2023-06-01). */
final class AnthropicWire implements WireFormat {

    static final String VERSION = "2023-06-01";

    private final ProviderConfig config;

    AnthropicWire(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public URI endpoint() {
        return URI.create(config.baseUrl() + "/v1/messages");
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("anthropic-version", VERSION);
        if (config.apiKey() != null) h.put("x-api-key", config.apiKey());
        return h;
    }

    @Override
    public byte[] requestBody(ModelRequest r, boolean stream) {
        ObjectNode root = StreamJson.MAPPER.createObjectNode();
        root.put("model", r.model());
        root.put("max_tokens", r.maxTokens());
        if (!r.system().isEmpty()) {
            ObjectNode sys = root.putArray("system").addObject();
            sys.put("type", "text");
            sys.put("text", r.system());
            if (config.promptCaching()) sys.putObject("cache_control").put("type", "ephemeral");
        }
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : r.messages()) {
            ArrayNode content = StreamJson.MAPPER.createArrayNode();
            for (ContentBlock b : m.content()) block(content, b);
            if (content.isEmpty()) continue;
            ObjectNode msg = messages.addObject();
            msg.put("role", m.role() == ChatMessage.Role.USER ? "user" : "assistant");
            msg.set("content", content);
        }
        // A third breakpoint on the newest block caches the conversation so far for the next turn.
        if (config.promptCaching() && !messages.isEmpty()) {
            ArrayNode last = (ArrayNode) messages.get(messages.size() - 1).get("content");
            ObjectNode block = (ObjectNode) last.get(last.size() - 1);
            if (!"thinking".equals(block.path("type").asText())) block.putObject("cache_control").put("type", "ephemeral");
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode o = tools.addObject();
                o.put("name", t.name());
                o.put("description", t.description());
                o.set("input_schema", t.inputSchema());
            }
            if (config.promptCaching()) ((ObjectNode) tools.get(tools.size() - 1)).putObject("cache_control").put("type", "ephemeral");
        }
        if (!r.stopSequences().isEmpty()) {
            ArrayNode stops = root.putArray("stop_sequences");
            r.stopSequences().forEach(stops::add);
        }
        if (r.temperature() != null) root.put("temperature", r.temperature());
        if (stream) root.put("stream", true);
        try {
            return StreamJson.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request", e);
        }
    }

    private static void block(ArrayNode content, ContentBlock b) {
        switch (b) {
            case ContentBlock.Text t -> {
                // The API rejects empty text blocks.
                if (!t.text().isEmpty()) content.addObject().put("type", "text").put("text", t.text());
            }
            case ContentBlock.ToolUse u -> {
                ObjectNode o = content.addObject().put("type", "tool_use").put("id", u.id()).put("name", u.name());
                o.set("input", u.input());
            }
            case ContentBlock.ToolResult res -> {
                ObjectNode o = content.addObject().put("type", "tool_result").put("tool_use_id", res.toolUseId())
                        .put("content", res.content());
                if (res.isError()) o.put("is_error", true);
            }
            case ContentBlock.Thinking th -> {
                ObjectNode o = content.addObject().put("type", "thinking").put("thinking", th.thinking() == null ? "" : th.thinking());
                if (th.signature() != null) o.put("signature", th.signature());
            }
        }
    }

    @Override
    public ModelResponse decodeStream(SseReader sse, String answeredAs, StreamListener listener) throws StreamFault, IOException {
        return new AnthropicStreamDecoder(this, answeredAs, listener).read(sse);
    }

    @Override
    public ModelResponse decodeBody(String body, String answeredAs) throws StreamFault {
        ObjectNode root = StreamJson.object(body, "the response body");
        if (root.has("error")) throw classifyError(root.get("error"));
        if (!"message".equals(StreamJson.text(root, "type"))) {
            throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "the response is not a message (type " + StreamJson.text(root, "type") + ")");
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (JsonNode b : root.path("content")) {
            String type = StreamJson.text(b, "type");
            switch (type == null ? "" : type) {
                case "text" -> blocks.add(new ContentBlock.Text(b.path("text").asText()));
                case "tool_use" -> {
                    String name = StreamJson.text(b, "name");
                    String toolId = StreamJson.text(b, "id");
                    if (name == null || toolId == null || !b.path("input").isObject()) {
                        throw new StreamFault(FaultKind.BAD_TOOL_INPUT, "a tool_use block lacks its id, name or object input");
                    }
                    blocks.add(new ContentBlock.ToolUse(toolId, name, b.get("input")));
                }
                case "thinking" -> blocks.add(new ContentBlock.Thinking(b.path("thinking").asText(), StreamJson.text(b, "signature")));
                default -> { }
            }
        }
        String stop = StreamJson.text(root, "stop_reason");
        if (stop == null) throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "the message has no stop_reason");
        return new ModelResponse(answeredAs, blocks, stopReason(stop), usage(root.path("usage"), Usage.ZERO));
    }

    static ModelResponse.StopReason stopReason(String s) {
        return switch (s) {
            case "end_turn" -> ModelResponse.StopReason.END_TURN;
            case "tool_use" -> ModelResponse.StopReason.TOOL_USE;
            case "max_tokens" -> ModelResponse.StopReason.MAX_TOKENS;
            case "stop_sequence" -> ModelResponse.StopReason.STOP_SEQUENCE;
            case "refusal" -> ModelResponse.StopReason.REFUSAL;
            default -> ModelResponse.StopReason.OTHER;
        };
    }

    /** Reads a usage object; fields it lacks keep their value from {@code base} (message_delta only carries some). */
    static Usage usage(JsonNode u, Usage base) {
        if (u == null || !u.isObject()) return base;
        return new Usage(
                u.has("input_tokens") ? StreamJson.number(u, "input_tokens") : base.inputTokens(),
                u.has("output_tokens") ? StreamJson.number(u, "output_tokens") : base.outputTokens(),
                u.has("cache_read_input_tokens") ? StreamJson.number(u, "cache_read_input_tokens") : base.cacheReadTokens(),
                u.has("cache_creation_input_tokens") ? StreamJson.number(u, "cache_creation_input_tokens") : base.cacheWriteTokens());
    }

    @Override
    public StreamFault classifyError(JsonNode error) {
        String type = StreamJson.text(error, "type");
        String message = StreamJson.text(error, "message");
        ModelException.Kind kind = switch (type == null ? "" : type) {
            case "overloaded_error" -> ModelException.Kind.OVERLOADED;
            case "rate_limit_error" -> ModelException.Kind.RATE_LIMITED;
            case "invalid_request_error", "not_found_error", "request_too_large" -> ModelException.Kind.BAD_REQUEST;
            case "authentication_error", "permission_error" -> ModelException.Kind.AUTH;
            case "timeout_error" -> ModelException.Kind.TIMEOUT;
            default -> ModelException.Kind.SERVER_ERROR;
        };
        String m = message == null ? "" : message.length() > 300 ? message.substring(0, 300) + "..." : message;
        return new StreamFault(FaultKind.ERROR_EVENT, kind, "the provider reported " + (type == null ? "an error" : type) + (m.isEmpty() ? "" : ": " + m));
    }
}
