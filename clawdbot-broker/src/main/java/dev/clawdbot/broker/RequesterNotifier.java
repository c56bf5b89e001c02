package dev.clawdbot.broker;

import java.io.IOException;

/** Tells the requesting agent how its request ended; the app wires this to {@code BridgeSender#send}. */
@FunctionalInterface
public interface RequesterNotifier {
    void notify(String agentId, String text, String requestId) throws IOException;
}
