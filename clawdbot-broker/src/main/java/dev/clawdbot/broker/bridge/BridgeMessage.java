package dev.clawdbot.broker.bridge;

import java.util.Map;

/** One signed bridge message as it travels: the three Standard Webhooks headers and the exact body bytes. */
public record BridgeMessage(String agentId, Map<String, String> headers, byte[] body) {
    public BridgeMessage {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
