package dev.clawdbot.broker.bridge;

import java.io.IOException;

/** The receiving gateway answered with a 4xx: sending the same message again cannot succeed. */
public final class BridgeRefusedException extends IOException {

    private final int status;

    public BridgeRefusedException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
