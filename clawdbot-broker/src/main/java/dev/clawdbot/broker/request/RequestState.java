package dev.clawdbot.broker.request;

import dev.clawdbot.core.outbox.Lifecycle;

import java.util.EnumSet;
import java.util.Set;

/**
 * The persisted lifecycle of a request; names are stored and shown in lower case. A request is assessed, then
 * approved by policy or put to the operator (who may ask a question first), executed, and finished; until it
 * executes it can be cancelled. The five terminal states have no way out.
 */
public enum RequestState implements Lifecycle<RequestState> {
    RECEIVED, ASSESSING, AWAITING_OPERATOR, QUESTION, APPROVED, EXECUTING, DONE, FAILED, DENIED, EXPIRED, CANCELLED;

    public static final Set<RequestState> TERMINAL = Set.of(DONE, FAILED, DENIED, EXPIRED, CANCELLED);
    public static final Set<RequestState> OPEN_FOR_OPERATOR = Set.of(AWAITING_OPERATOR, QUESTION);

    @Override
    public boolean canMoveTo(RequestState next) {
        return switch (this) {
            case RECEIVED -> EnumSet.of(ASSESSING, CANCELLED).contains(next);
            case ASSESSING -> EnumSet.of(APPROVED, AWAITING_OPERATOR, CANCELLED).contains(next);
            case AWAITING_OPERATOR -> EnumSet.of(QUESTION, APPROVED, DENIED, EXPIRED, CANCELLED).contains(next);
            // A second question before the first is answered replaces it.
            case QUESTION -> EnumSet.of(QUESTION, AWAITING_OPERATOR, APPROVED, DENIED, EXPIRED, CANCELLED).contains(next);
            case APPROVED -> EnumSet.of(EXECUTING, FAILED, CANCELLED).contains(next);
            case EXECUTING -> EnumSet.of(DONE, FAILED).contains(next);
            case DONE, FAILED, DENIED, EXPIRED, CANCELLED -> false;
        };
    }

    public static RequestState fromWire(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
