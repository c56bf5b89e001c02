package dev.clawdbot.siem.response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clawdbot's own nftables table {@code inet clawdbot}: sets {@code blocked4}/{@code blocked6} with per-element
 * timeouts, and an input chain that drops their sources. Everything runs through {@code nft} as an argv; the
 * address is a literal already checked by the caller, so no log text can reach nft's parser.
 */
public final class NftFirewall implements Firewall {

    public static final String TABLE = "clawdbot";

    /** Recreated whole only when incomplete: "table … {}" makes the delete succeed on a fresh host. */
    private static final String SCRIPT = """
            table inet clawdbot {}
            delete table inet clawdbot
            table inet clawdbot {
              set blocked4 { type ipv4_addr; flags timeout; }
              set blocked6 { type ipv6_addr; flags timeout; }
              chain input {
                type filter hook input priority -10; policy accept;
                ip saddr @blocked4 drop
                ip6 saddr @blocked6 drop
              }
            }
            """;

    private final List<String> nft;
    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(10));

    public NftFirewall(List<String> nft) {
        this.nft = List.copyOf(nft);
    }

    /** Creates the table, sets and chain unless they are all there; idempotent. */
    public void ensure() {
        ProcessRunner.Result list = run(null, "list", "table", "inet", TABLE);
        if (list.ok() && list.output().contains("@blocked4") && list.output().contains("@blocked6")) return;
        check(run(SCRIPT, "-f", "-"), "creating table inet " + TABLE);
    }

    /** Adds {@code address} to its set for {@code timeout}; the kernel removes it when the timeout ends. */
    @Override
    public void block(String address, Duration timeout) {
        ensure();
        check(run(null, "add", "element", "inet", TABLE, set(address), "{ " + address + " timeout " + timeout.toSeconds() + "s }"),
                "blocking " + address);
    }

    /** Removes {@code address}; false when it was not in the set (expired, or the table is gone). */
    @Override
    public boolean unblock(String address) {
        return run(null, "delete", "element", "inet", TABLE, set(address), "{ " + address + " }").ok();
    }

    /** Whether {@code address} is in its set now. */
    @Override
    public boolean blocked(String address) {
        ProcessRunner.Result r = run(null, "get", "element", "inet", TABLE, set(address), "{ " + address + " }");
        return r.ok() && r.output().contains(address);
    }

    @Override
    public boolean kernelExpires() {
        return true;
    }

    private static String set(String address) {
        return address.indexOf(':') >= 0 ? "blocked6" : "blocked4";
    }

    private ProcessRunner.Result run(String stdin, String... args) {
        List<String> argv = new ArrayList<>(nft);
        argv.addAll(List.of(args));
        return runner.run(argv, stdin);
    }

    private static void check(ProcessRunner.Result r, String what) {
        if (!r.ok()) throw new IllegalStateException(what + ": nft exited " + r.exit() + ": " + r.output());
    }
}
