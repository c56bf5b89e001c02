package dev.clawdbot.app;

import dev.clawdbot.broker.bridge.BridgeReceiver;
import dev.clawdbot.broker.bridge.SpoolDrainer;
import dev.clawdbot.core.role.Role;

/**
 * The {@code bridge} role: the receiving side of the signed bridge. Notes arrive at {@code POST /bridge/{agent}} when
 * the gateway role runs in the same process, and from the same-host bridge spool through the {@link SpoolDrainer}
 * (null when {@code broker.bridge.gatewayUrl} is set or there is no spool), which is the only thread this role runs.
 */
final class BridgeRole implements Role {

    private final BridgeReceiver receiver;
    private final SpoolDrainer spool;

    BridgeRole(BridgeReceiver receiver, SpoolDrainer spool) {
        this.receiver = receiver;
        this.spool = spool;
    }

    BridgeReceiver receiver() {
        return receiver;
    }

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public void start() {
        if (spool != null) spool.start();
    }

    @Override
    public void close() {
        if (spool != null) spool.close();
    }
}
