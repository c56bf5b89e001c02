package dev.clawdbot.siem.response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback when nftables is absent: Clawdbot's own chain {@code CLAWDBOT} in the filter table of iptables and
 * ip6tables, jumped to from the top of {@code INPUT}, one {@code -s ADDRESS -j DROP} rule per block (no ipset).
 * iptables has no per-rule timeout, so the engine lifts each block when it expires ({@link #kernelExpires()}
 * false). {@code -w} waits for the xtables lock; each call is bounded by the runner's 10 s.
 */
public final class IptablesFirewall implements Firewall {

    public static final String CHAIN = "CLAWDBOT";

    private final List<String> iptables;
    private final List<String> ip6tables;
    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(10));

    public IptablesFirewall(List<String> iptables, List<String> ip6tables) {
        this.iptables = List.copyOf(iptables);
        this.ip6tables = List.copyOf(ip6tables);
    }

    /** Creates the chain and the jump from INPUT unless they exist; idempotent. */
    public void ensure(boolean v6) {
        List<String> tool = v6 ? ip6tables : iptables;
        if (!run(tool, "-w", "-n", "-L", CHAIN).ok()) check(run(tool, "-w", "-N", CHAIN), "creating chain " + CHAIN);
        if (!run(tool, "-w", "-C", "INPUT", "-j", CHAIN).ok()) check(run(tool, "-w", "-I", "INPUT", "1", "-j", CHAIN), "jumping to " + CHAIN);
    }

    @Override
    public void block(String address, Duration timeout) {
        boolean v6 = address.indexOf(':') >= 0;
        ensure(v6);
        List<String> tool = v6 ? ip6tables : iptables;
        if (run(tool, "-w", "-C", CHAIN, "-s", address, "-j", "DROP").ok()) return;
        check(run(tool, "-w", "-A", CHAIN, "-s", address, "-j", "DROP"), "blocking " + address);
    }

    @Override
    public boolean unblock(String address) {
        List<String> tool = address.indexOf(':') >= 0 ? ip6tables : iptables;
        boolean any = false;
        // Delete every copy (a rule added twice by hand would otherwise outlive the block).
        while (run(tool, "-w", "-D", CHAIN, "-s", address, "-j", "DROP").ok()) any = true;
        return any;
    }

    @Override
    public boolean blocked(String address) {
        return run(address.indexOf(':') >= 0 ? ip6tables : iptables, "-w", "-C", CHAIN, "-s", address, "-j", "DROP").ok();
    }

    @Override
    public boolean kernelExpires() {
        return false;
    }

    private ProcessRunner.Result run(List<String> tool, String... args) {
        List<String> argv = new ArrayList<>(tool);
        argv.addAll(List.of(args));
        return runner.run(argv, null);
    }

    private static void check(ProcessRunner.Result r, String what) {
        if (!r.ok()) throw new IllegalStateException(what + ": iptables exited " + r.exit() + ": " + r.output());
    }
}
