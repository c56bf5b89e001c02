package dev.clawdbot.llm;

import java.util.List;

/**
 * A complete, validated reply: every tool input parsed, the stream ended properly. {@code model} is
 * {@code provider/model} of whoever actually answered (after failover).
 */
public record ModelResponse(String model, List<ContentBlock> content, StopReason stopReason, Usage usage) {

    public enum StopReason { END_TURN, TOOL_USE, MAX_TOKENS, STOP_SEQUENCE, REFUSAL, OTHER }

    public ModelResponse {
        content = List.copyOf(content);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : content) if (b instanceof ContentBlock.Text t) sb.append(t.text());
        return sb.toString();
    }

    public List<ContentBlock.ToolUse> toolUses() {
        return content.stream().filter(ContentBlock.ToolUse.class::isInstance).map(ContentBlock.ToolUse.class::cast).toList();
    }
}
