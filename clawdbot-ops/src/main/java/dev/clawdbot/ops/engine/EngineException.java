package dev.clawdbot.ops.engine;

import java.io.IOException;

/** The engine answered with an error status, a malformed or truncated response, or not in time (status 0). */
public final class EngineException extends IOException {
    private final int status;

    public EngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no usable status. */
    public int status() {
        return status;
    }
}
