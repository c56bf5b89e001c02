package dev.clawdbot.ops.checks;

import java.util.List;

/**
 * The tiers' checks on the managed hosts, filled by the app wiring from the fleet module's SSH layer: ops itself
 * opens no SSH connection and does not depend on the fleet module (nor on sshj).
 */
public interface RemoteProbe {
    /** No managed hosts: the tiers check this machine only. */
    RemoteProbe NONE = new RemoteProbe() {
        @Override
        public List<String> hosts() {
            return List.of();
        }

        @Override
        public List<Finding> check(String host, String tier) {
            return List.of();
        }
    };

    /** The inventory's host names, in report order. */
    List<String> hosts();

    /**
     * The findings of {@code tier}'s ({@code daily}, {@code weekly}, {@code monthly}) remote checks on one host. A
     * host that cannot be reached is one finding, not an exception; an exception is still turned into one by
     * {@link HostSweep}.
     */
    List<Finding> check(String host, String tier);
}
