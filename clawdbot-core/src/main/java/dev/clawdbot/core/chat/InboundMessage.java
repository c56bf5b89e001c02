package dev.clawdbot.core.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * A message from a person to an agent. {@code agent} may be null or unknown, meaning the default agent.
 * {@code replyAsVoice} is a hint from voice channels that the user spoke.
 */
public record InboundMessage(String agent, Caller caller, String text, Instant receivedAt, boolean fromVoice) {
    public InboundMessage {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
