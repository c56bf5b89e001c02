package dev.clawdbot.core.chat;

/**
 * A finished reply. {@code model} names the provider/model that answered, or null when no model was
 * involved (slash commands, guard notices). {@code blocked} is true when the guard rejected the inbound message.
 */
public record Reply(String sessionKey, String text, String model, boolean blocked, long inputTokens, long outputTokens) {
}
