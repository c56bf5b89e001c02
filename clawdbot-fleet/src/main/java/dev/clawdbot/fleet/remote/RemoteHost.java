package dev.clawdbot.fleet.remote;

import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.ssh.RemoteResult;
import dev.clawdbot.fleet.ssh.SshException;
import dev.clawdbot.fleet.ssh.SshPool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only operations on the inventory's hosts, over the pooled SSH layer. Every failure — host unreachable,
 * key refused, program missing, output not parseable — comes back as an {@link OpResult}, never as an exception:
 * for the checks a host that cannot be reached is a finding, not a crash. This is the seam other parts (the ops
 * tiers, the admin agent's tools) use: {@code run(host, op)}.
 */
public final class RemoteHost {
    /** Output kept per stream: {@code docker ps} of 41 containers is ~8 KiB, a 500-entry journal ~1 MiB at most. */
    static final int MAX_OUTPUT = 1 << 20;

    private final Inventory inventory;
    private final SshPool pool;

    public RemoteHost(Inventory inventory, SshPool pool) {
        this.inventory = inventory;
        this.pool = pool;
    }

    /** Runs one operation on the host named {@code host}. */
    public OpResult run(String host, ReadOnlyOp op) {
        long start = System.nanoTime();
        RemoteResult r;
        try {
            var endpoint = inventory.endpoint(host);
            Duration timeout = inventory.hosts().get(host).commandTimeout();
            r = pool.run(endpoint, bounded(op.argv(), timeout), timeout.plusSeconds(10), MAX_OUTPUT);
        } catch (IllegalArgumentException e) {
            return fail(host, op, e.getMessage(), start);
        } catch (SshException e) {
            return new OpResult(host, op, OpResult.Status.UNREACHABLE, e.getMessage(), null, took(start));
        } catch (IOException e) {
            return fail(host, op, "the SSH session failed: " + e.getMessage(), start);
        }
        if (r.timedOut() || r.exitCode() != null && r.exitCode() == 124) return fail(host, op, op.argv().getFirst() + " timed out after " + r.took().toSeconds() + " s", start);
        if (r.exitCode() != null && r.exitCode() == 127) {
            return new OpResult(host, op, OpResult.Status.NOT_AVAILABLE, op.argv().getFirst() + " is not installed", null, took(start));
        }
        // systemctl --failed exits 0 with or without failures; df exits 1 when one mount is unreadable but prints the rest.
        boolean usable = r.ok() || !r.stdout().isBlank() && (op.kind() == ReadOnlyOp.Kind.DISK || op.kind() == ReadOnlyOp.Kind.INODES);
        if (!usable) {
            String why = Text.clip(firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr()), 160);
            return fail(host, op, op.argv().getFirst() + " exited " + r.exitCode() + (why.isEmpty() ? "" : ": " + why), start);
        }
        Observation o;
        try {
            o = Parsers.parse(op.kind(), r.stdout());
        } catch (IllegalArgumentException e) {
            return fail(host, op, "unreadable output: " + e.getMessage(), start);
        }
        Verdicts.Verdict v = Verdicts.judge(o);
        return new OpResult(host, op, v.status(), v.summary() + (r.truncated() ? " (output cut at " + MAX_OUTPUT + " bytes)" : ""), o, took(start));
    }

    /** The argv under coreutils {@code timeout}, which kills it on the host itself (sshd does not, for a dropped session). */
    static List<String> bounded(List<String> argv, Duration timeout) {
        List<String> out = new ArrayList<>(List.of("timeout", "-k", "5", Long.toString(Math.max(1, timeout.toSeconds()))));
        out.addAll(argv);
        return out;
    }

    /** Runs each operation in turn on the host (one pooled connection serves them all). */
    public List<OpResult> check(String host, List<ReadOnlyOp> ops) {
        List<OpResult> out = new ArrayList<>();
        for (ReadOnlyOp op : ops) {
            OpResult r = run(host, op);
            out.add(r);
            // The remaining operations would fail the same way, each after a connect timeout or with another refusal.
            if (r.status() == OpResult.Status.UNREACHABLE) break;
        }
        return out;
    }

    public Inventory inventory() {
        return inventory;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static OpResult fail(String host, ReadOnlyOp op, String why, long start) {
        return new OpResult(host, op, OpResult.Status.FAIL, why, null, took(start));
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
