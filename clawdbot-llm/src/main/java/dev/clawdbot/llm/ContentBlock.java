package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/** One block of a message, in the provider-neutral shape both wire formats are mapped to and from. */
public sealed interface ContentBlock {

    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A tool call the model made; {@code input} is always a parsed JSON object, never a raw string. */
    record ToolUse(String id, String name, JsonNode input) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(input, "input");
        }
    }

    /** The result of a tool call, sent back in a user-role message. */
    record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            content = content == null ? "" : content;
        }
    }

    /** Extended thinking; kept so it can be sent back with its signature as the Anthropic API requires. */
    record Thinking(String thinking, String signature) implements ContentBlock {
    }
}
