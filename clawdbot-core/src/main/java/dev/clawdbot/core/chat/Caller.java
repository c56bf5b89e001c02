package dev.clawdbot.core.chat;

import java.util.Objects;

/**
 * The authenticated identity of whoever sent a message, as established by the channel adapter
 * (e.g. {@code telegram} / numeric user id, {@code http} / token subject + OpenAI {@code user} field,
 * {@code terminal} / local user). {@code peer} keys the session; {@code displayName} is informational only.
 * Permission checks use {@code channel} and {@code peer}, never anything taken from message text.
 */
public record Caller(String channel, String peer, String displayName) {
    public Caller {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(peer, "peer");
        displayName = displayName == null ? peer : displayName;
    }

    /** {@code channel:peer}, the form used in allowlists and events. */
    public String id() {
        return channel + ":" + peer;
    }
}
