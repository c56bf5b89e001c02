package dev.clawdbot.broker.bridge;

import java.io.IOException;

/** How a signed message reaches the receiving gateway: HTTP POST or a same-host spool directory. */
public interface BridgeTransport {
    void deliver(BridgeMessage message) throws IOException;
}
