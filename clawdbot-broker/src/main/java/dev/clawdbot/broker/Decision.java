package dev.clawdbot.broker;

import dev.clawdbot.broker.request.RequestState;

/**
 * The answer to an operator action: whether it took effect, a message for the operator, the request's
 * state afterwards, and the id of a new request when a modification created one.
 */
public record Decision(boolean accepted, String message, RequestState state, String newRequestId) {

    static Decision refused(String message, RequestState state) {
        return new Decision(false, message, state, null);
    }

    static Decision done(String message, RequestState state) {
        return new Decision(true, message, state, null);
    }
}
