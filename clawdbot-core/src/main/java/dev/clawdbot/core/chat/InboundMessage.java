package dev.clawdbot.core.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * A message from a person to an agent. {@code agent} may be null or unknown, meaning the default agent.
 * {@code replyAsVoice} is a hint from voice channels that the user spoke.
 * {@code idempotencyKey}, when not null, names this message uniquely within its channel (for example a Telegram
 * update id): the gateway commits it with the turn, so a channel that re-submits the same message after a crash
 * gets the committed reply again instead of a second model run.
 */
public record InboundMessage(String agent, Caller caller, String text, Instant receivedAt, boolean fromVoice,
                             String idempotencyKey) {
    public InboundMessage {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("idempotencyKey must be 1..200 characters, got " + idempotencyKey.length());
        }
    }

    public InboundMessage(String agent, Caller caller, String text, Instant receivedAt, boolean fromVoice) {
        this(agent, caller, text, receivedAt, fromVoice, null);
    }
}
