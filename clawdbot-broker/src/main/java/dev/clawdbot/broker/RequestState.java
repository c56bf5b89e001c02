package dev.clawdbot.broker;

import java.util.Set;

/** The persisted lifecycle of a request; names are stored and shown in lower case. */
public enum RequestState {
    RECEIVED, ASSESSING, AWAITING_OPERATOR, QUESTION, APPROVED, EXECUTING, DONE, FAILED, DENIED, EXPIRED, CANCELLED;

    public static final Set<RequestState> TERMINAL = Set.of(DONE, FAILED, DENIED, EXPIRED, CANCELLED);
    public static final Set<RequestState> OPEN_FOR_OPERATOR = Set.of(AWAITING_OPERATOR, QUESTION);

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RequestState fromWire(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
