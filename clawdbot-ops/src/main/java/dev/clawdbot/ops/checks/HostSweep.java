package dev.clawdbot.ops.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a tier's remote checks on every managed host: at most {@code parallel} hosts at a time, each within
 * {@code perHost}. A host that overruns its budget, or whose probe throws, is one WARNING finding in its section; the
 * sweep itself never throws and returns one section per host, in inventory order.
 */
public final class HostSweep {
    /** 8 hosts at a time: each holds one pooled SSH connection; 3 min covers a daily set of 7 probes at 20 s each. */
    public static final int DEFAULT_PARALLEL = 8;
    public static final Duration DEFAULT_PER_HOST = Duration.ofMinutes(3);
    public static final HostSweep NONE = new HostSweep(RemoteProbe.NONE, 1, DEFAULT_PER_HOST);

    private final RemoteProbe probe;
    private final int parallel;
    private final Duration perHost;

    public HostSweep(RemoteProbe probe, int parallel, Duration perHost) {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1, not " + parallel);
        this.probe = probe == null ? RemoteProbe.NONE : probe;
        this.parallel = parallel;
        this.perHost = perHost;
    }

    public static HostSweep of(RemoteProbe probe) {
        return new HostSweep(probe, DEFAULT_PARALLEL, DEFAULT_PER_HOST);
    }

    /** One section per managed host for {@code tier}; empty without managed hosts. */
    public List<HostSection> run(String tier) {
        List<String> hosts = probe.hosts();
        if (hosts.isEmpty()) return List.of();
        Semaphore bound = new Semaphore(parallel);
        List<Future<HostSection>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String host : hosts) futures.add(pool.submit(() -> section(host, tier, bound)));
        }
        List<HostSection> out = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(one(hosts.get(i), "interrupted before its checks finished"));
            } catch (ExecutionException e) {
                out.add(one(hosts.get(i), "the checks failed: " + e.getCause()));
            }
        }
        return out;
    }

    private HostSection section(String host, String tier, Semaphore bound) throws InterruptedException {
        bound.acquire();
        try {
            CompletableFuture<List<Finding>> result = new CompletableFuture<>();
            Thread worker = Thread.ofVirtual().name("ops-host-" + host).start(() -> {
                try {
                    result.complete(probe.check(host, tier));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            try {
                return new HostSection(host, result.get(perHost.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                // The SSH layer's own command timeouts end the worker; it is not waited for.
                worker.interrupt();
                return one(host, "no answer within " + perHost.toSeconds() + " s; the checks were abandoned");
            } catch (ExecutionException e) {
                return one(host, "the checks failed: " + e.getCause());
            }
        } finally {
            bound.release();
        }
    }

    private static HostSection one(String host, String message) {
        return new HostSection(host, List.of(new Finding(Finding.Severity.WARNING, "host", host, message,
                "clawdbot hosts check " + host)));
    }
}
