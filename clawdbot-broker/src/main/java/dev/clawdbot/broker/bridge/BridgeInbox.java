package dev.clawdbot.broker.bridge;

/**
 * Where verified bridge notes go. The app wires this into the user agent's session as a system note,
 * distinct from chat text. Implementations must not throw for an unknown agent; they report false.
 */
@FunctionalInterface
public interface BridgeInbox {
    /** Delivers a verified note; true when the agent exists and the note was stored. */
    boolean deliver(String agentId, BridgeNote note);
}
