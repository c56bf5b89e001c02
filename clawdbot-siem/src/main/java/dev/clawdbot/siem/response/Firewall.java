package dev.clawdbot.siem.response;

import java.time.Duration;

/** Where blocks go: nftables (timeouts held by the kernel) or iptables (timeouts kept by the engine). */
public sealed interface Firewall permits NftFirewall, IptablesFirewall {

    /** Blocks {@code address} (a literal checked by the caller) for {@code timeout}. Throws when the tool fails. */
    void block(String address, Duration timeout);

    /** Lifts the block; false when there was none. */
    boolean unblock(String address);

    /** Whether {@code address} is blocked now. */
    boolean blocked(String address);

    /** True when the kernel ends a block by itself at its timeout (nftables set elements); false: the engine must lift it. */
    boolean kernelExpires();
}
