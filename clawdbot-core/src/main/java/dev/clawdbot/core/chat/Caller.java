package dev.clawdbot.core.chat;

import java.util.Objects;

/**
 * The authenticated identity of whoever sent a message, as established by the channel adapter
 * (e.g. {@code telegram} / numeric user id, {@code http} / the API token's principal, {@code terminal} / local
 * user). {@code peer} is the identity policy checks ({@link #id()}); {@code session}, when set, picks one of that
 * identity's conversations (the OpenAI {@code user} field, the web chat's {@code peer}) and never widens what the
 * identity may do. {@code displayName} is informational only. Permission checks use {@code channel} and
 * {@code peer}, never anything taken from message text or from {@code session}.
 */
public record Caller(String channel, String peer, String displayName, String session) {
    public Caller {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(peer, "peer");
        displayName = displayName == null ? peer : displayName;
        session = session == null || session.isEmpty() ? null : session;
    }

    /** An identity with one conversation. */
    public Caller(String channel, String peer, String displayName) {
        this(channel, peer, displayName, null);
    }

    /** {@code channel:peer}, the form used in allowlists and events. */
    public String id() {
        return channel + ":" + peer;
    }

    /** The peer part of the session key: the identity, plus {@code /session} when the caller picked one. */
    public String sessionPeer() {
        return session == null ? peer : peer + "/" + session;
    }
}
