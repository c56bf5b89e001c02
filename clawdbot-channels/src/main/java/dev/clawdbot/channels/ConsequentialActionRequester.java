package dev.clawdbot.channels;

import java.util.Map;

/**
 * Files a consequential action for the operator's decision instead of doing it (the broker implements
 * this; the app wires it). {@code details} is what the operator will be shown; the returned id lets the
 * agent refer to the request. {@code agent} is the agent whose tool asked (null when unknown); the outcome goes back
 * to it.
 */
@FunctionalInterface
public interface ConsequentialActionRequester {

    record Request(String kind, String summary, Map<String, String> details, String requestedBy, String agent) {
    }

    String request(Request request);
}
