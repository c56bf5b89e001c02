package dev.clawdbot.testkit.llm;

import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of {@link FakeModelServer}: text, tool calls (parallel when more than one), or a
 * fault to inject instead of (or in the middle of) an answer.
 */
public record Reply(String text, List<ToolCall> toolCalls, Fault fault) {

    /** A tool call; {@code jsonArgs} is sent as-is, so it may be deliberately broken. */
    public record ToolCall(String name, String jsonArgs) {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            jsonArgs = jsonArgs == null ? "{}" : jsonArgs;
        }
    }

    public Reply {
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Reply text(String text) {
        return new Reply(text, List.of(), null);
    }

    public static Reply toolCalls(ToolCall... calls) {
        return new Reply("", List.of(calls), null);
    }

    public static Reply fault(Fault fault) {
        return new Reply("", List.of(), Objects.requireNonNull(fault, "fault"));
    }
}
