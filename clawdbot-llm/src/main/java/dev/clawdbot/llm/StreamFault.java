package dev.clawdbot.llm;

/** A fault found while reading or validating a reply; the provider turns it into a {@link ModelException}. */
final class StreamFault extends Exception {

    final FaultKind fault;
    final ModelException.Kind kind;

    StreamFault(FaultKind fault, String message) {
        this(fault, fault.defaultKind, message);
    }

    StreamFault(FaultKind fault, ModelException.Kind kind, String message) {
        super(message, null, false, false);
        this.fault = fault;
        this.kind = kind;
    }
}
