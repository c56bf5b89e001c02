package dev.clawdbot.broker.bridge;

import java.time.Instant;
import java.util.Objects;

/**
 * An authenticated message from the admin side to a user agent. It reaches the agent's session as a system
 * note, never as chat text: only {@link BridgeReceiver} creates notes, after the signature checked out.
 *
 * @param messageId  the Standard Webhooks {@code webhook-id}
 * @param sentAt     the signed {@code webhook-timestamp}
 * @param from       who on the admin side sent it (e.g. {@code broker}, {@code admin})
 * @param text       the message
 * @param requestId  the broker request it concerns, or null
 * @param session    the one session of the agent it is for, or null for all of them
 * @param quoted     text the admin side did not write (a request summary, command output), shown as untrusted; or null
 */
public record BridgeNote(String messageId, Instant sentAt, String from, String text, String requestId, String session, String quoted) {
    public BridgeNote {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
    }

    public BridgeNote(String messageId, Instant sentAt, String from, String text, String requestId) {
        this(messageId, sentAt, from, text, requestId, null, null);
    }
}
