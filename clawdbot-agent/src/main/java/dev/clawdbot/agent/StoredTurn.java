package dev.clawdbot.agent;

import dev.clawdbot.llm.ChatMessage;

import java.time.Instant;
import java.util.List;

/** One complete turn as stored: the user message, the assistant messages, and tool calls with their results. */
public record StoredTurn(int seq, Instant startedAt, Instant completedAt, String model, long inputTokens,
                         long outputTokens, List<ChatMessage> messages) {
    public StoredTurn {
        messages = List.copyOf(messages);
    }
}
