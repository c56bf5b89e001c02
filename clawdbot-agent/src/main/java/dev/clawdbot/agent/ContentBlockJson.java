package dev.clawdbot.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.ContentBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps content blocks and messages to and from JSON in the Anthropic-like shape used by the session store and
 * the JSONL export: {@code {"type":"text","text":..}}, {@code {"type":"tool_use","id","name","input"}},
 * {@code {"type":"tool_result","tool_use_id","content","is_error"}}, {@code {"type":"thinking","thinking","signature"}}.
 */
public final class ContentBlockJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ContentBlockJson() {
    }

    public static ArrayNode toJson(List<ContentBlock> blocks) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (ContentBlock b : blocks) arr.add(toJson(b));
        return arr;
    }

    public static ObjectNode toJson(ContentBlock block) {
        ObjectNode n = MAPPER.createObjectNode();
        switch (block) {
            case ContentBlock.Text t -> n.put("type", "text").put("text", t.text());
            case ContentBlock.ToolUse u -> {
                n.put("type", "tool_use").put("id", u.id()).put("name", u.name());
                n.set("input", u.input());
            }
            case ContentBlock.ToolResult r -> n.put("type", "tool_result").put("tool_use_id", r.toolUseId())
                    .put("content", r.content()).put("is_error", r.isError());
            case ContentBlock.Thinking t -> n.put("type", "thinking").put("thinking", t.thinking()).put("signature", t.signature());
        }
        return n;
    }

    public static ObjectNode toJson(ChatMessage message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("role", message.role() == ChatMessage.Role.USER ? "user" : "assistant");
        n.set("content", toJson(message.content()));
        return n;
    }

    public static String toJsonString(List<ContentBlock> blocks) {
        try {
            return MAPPER.writeValueAsString(toJson(blocks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise content blocks", e);
        }
    }

    public static List<ContentBlock> blocksFromJsonString(String json) {
        try {
            return blocksFromJson(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static List<ContentBlock> blocksFromJson(JsonNode arr) {
        if (arr == null || !arr.isArray()) throw new IllegalArgumentException("content must be a JSON array of blocks");
        List<ContentBlock> out = new ArrayList<>(arr.size());
        for (JsonNode n : arr) out.add(blockFromJson(n));
        return out;
    }

    public static ContentBlock blockFromJson(JsonNode n) {
        String type = n.path("type").asText("");
        return switch (type) {
            case "text" -> new ContentBlock.Text(required(n, "text").asText());
            case "tool_use" -> {
                JsonNode input = required(n, "input");
                if (!input.isObject()) throw new IllegalArgumentException("tool_use input must be a JSON object");
                yield new ContentBlock.ToolUse(required(n, "id").asText(), required(n, "name").asText(), input);
            }
            case "tool_result" -> new ContentBlock.ToolResult(required(n, "tool_use_id").asText(),
                    n.path("content").asText(""), n.path("is_error").asBoolean(false));
            case "thinking" -> new ContentBlock.Thinking(n.path("thinking").asText(""),
                    n.hasNonNull("signature") ? n.get("signature").asText() : null);
            default -> throw new IllegalArgumentException("unknown content block type '" + type + "'");
        };
    }

    public static ChatMessage messageFromJson(JsonNode n) {
        String role = n.path("role").asText("");
        ChatMessage.Role r = switch (role) {
            case "user" -> ChatMessage.Role.USER;
            case "assistant" -> ChatMessage.Role.ASSISTANT;
            default -> throw new IllegalArgumentException("unknown message role '" + role + "'");
        };
        return new ChatMessage(r, blocksFromJson(n.get("content")));
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException(n.path("type").asText() + " block lacks '" + field + "'");
        return v;
    }
}
