package dev.clawdbot.llm;

import java.util.Locale;

/** What went wrong with a model call, as counted in the {@code clawdbot.model.faults} metric. */
enum FaultKind {
    TRUNCATED_JSON(ModelException.Kind.MALFORMED_STREAM),
    MALFORMED_JSON(ModelException.Kind.MALFORMED_STREAM),
    MERGED_EVENTS(ModelException.Kind.MALFORMED_STREAM),
    DOUBLED_DATA_PREFIX(ModelException.Kind.MALFORMED_STREAM),
    MISPLACED_DONE(ModelException.Kind.MALFORMED_STREAM),
    PROTOCOL_VIOLATION(ModelException.Kind.MALFORMED_STREAM),
    BAD_TOOL_INPUT(ModelException.Kind.MALFORMED_STREAM),
    INCOMPLETE_STREAM(ModelException.Kind.MALFORMED_STREAM),
    DISCONNECT(ModelException.Kind.NETWORK),
    STALL(ModelException.Kind.TIMEOUT),
    ERROR_EVENT(ModelException.Kind.SERVER_ERROR),
    HTTP_STATUS(ModelException.Kind.SERVER_ERROR);

    final ModelException.Kind defaultKind;

    FaultKind(ModelException.Kind defaultKind) {
        this.defaultKind = defaultKind;
    }

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
