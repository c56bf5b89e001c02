package dev.clawdbot.llm;

import dev.clawdbot.core.tool.ToolSpec;

import java.util.List;
import java.util.Objects;

/**
 * A request to a model. {@code model} is the provider's own model name (without the {@code provider/}
 * prefix). {@code temperature} may be null for the provider default.
 */
public record ModelRequest(String model, String system, List<ChatMessage> messages, List<ToolSpec> tools,
                           int maxTokens, List<String> stopSequences, Double temperature) {
    public ModelRequest {
        Objects.requireNonNull(model, "model");
        system = system == null ? "" : system;
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
        if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
}
