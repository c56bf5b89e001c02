package dev.clawdbot.broker;

import java.io.IOException;

/** Tells the requesting agent's session how its request ended; the app wires this to {@code BridgeSender#send}. */
@FunctionalInterface
public interface RequesterNotifier {

    /**
     * One outcome note. {@code text} is what the broker itself says (fixed wording: the request id and its end
     * state); {@code quoted} is the requester's own summary, the operator's reason and the command output, which the
     * receiving agent must show as untrusted content, never as the admin side's words. {@code session} is the
     * session that filed the request (null when it was filed by hand), and the only one the note goes to.
     */
    record Outcome(String agentId, String session, String requestId, String text, String quoted) {
    }

    void notify(Outcome outcome) throws IOException;
}
