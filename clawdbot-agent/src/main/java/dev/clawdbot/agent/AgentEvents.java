package dev.clawdbot.agent;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The agent module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), AgentEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class AgentEvents implements EventCatalogue {

    public static final EventType SESSION_COMPACTED =
            EventType.of("session.compacted", 3, "session", "turnsFolded", "throughTurn", "summaryChars",
                    "automatic", "model");
    public static final EventType MESSAGE_REJECTED =
            EventType.of("message.rejected", 5, "agent", "session", "reason", "limit");
    public static final EventType BRIDGE_NOTE_REFUSED =
            EventType.of("bridge.note.refused", 7, "agent", "messageId", "reason");
    public static final EventType BRIDGE_NOTE =
            EventType.of("bridge.note", 3, "agent", "messageId", "requestId", "chars", "session");
    public static final EventType MESSAGE_BLOCKED =
            EventType.of("message.blocked", 5, "agent", "session", "flagged", "chars");
    public static final EventType TURN_DEDUPLICATED =
            EventType.of("turn.deduplicated", 4, "agent", "session", "channel", "stage");
    public static final EventType TURN_FAILED =
            EventType.of("turn.failed", 5, "agent", "session", "reason", "kind", "durationMs");
    public static final EventType AGENT_ERROR = EventType.of("agent.error", 8, "where", "error");
    public static final EventType PROMPT_MEASURED =
            EventType.of("prompt.measured", 2, "agent", "chars", "estimatedTokens");
    public static final EventType TURN_STEP_LIMIT = EventType.of("turn.step_limit", 5, "agent", "session", "maxSteps");
    public static final EventType TURN_COMPLETED =
            EventType.of("turn.completed", 3, "agent", "session", "turn", "model", "inputTokens", "outputTokens",
                    "durationMs",
                    "steps", "toolCalls", "finished", "promptChars", "promptTokens");
    public static final EventType SESSION_COMPACTION_FAILED =
            EventType.of("session.compaction_failed", 6, "session", "kind", "estimatedTokens", "contextWindow");
    public static final EventType TOOL_CALLED =
            EventType.of("tool.called", 3, "agent", "session", "tool", "durationMs", "isError", "denied",
                    "untrusted", "outputChars", "withheld")
                    .orLevels(6);
    public static final EventType TOOL_OUTPUT_WITHHELD =
            EventType.of("tool.output_withheld", 10, "agent", "session", "tool", "source", "withheldId", "scanners",
                    "scores", "chars");
    public static final EventType COMMAND_EXECUTED = EventType.of("command.executed", 3, "agent", "session", "command");
    public static final EventType SESSION_RESET = EventType.of("session.reset", 3, "agent", "session");
}
