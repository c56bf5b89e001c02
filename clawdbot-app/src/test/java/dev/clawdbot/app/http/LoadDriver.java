package dev.clawdbot.app.http;

import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.Reply;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load on {@code POST /v1/chat/completions}: {@code --rate} turns per second spread over
 * {@code --sessions} OpenAI {@code user}s for {@code --seconds}. Latency is measured from each request's
 * scheduled start, so a stalled gateway cannot hide queueing (no coordinated omission). Without {@code --url}
 * it starts an in-process gateway whose chat service answers instantly, which isolates the HTTP layer's
 * overhead; with {@code --url URL --token T} it drives a running Clawdbot (whose model should be a fake).
 *
 * <p>{@code --serve PORT} instead runs only the instant gateway, in its own process; drive it from another with
 * {@code --url http://127.0.0.1:PORT --token load-driver-token-0123456789 --server-pid PID} to also get the
 * server's CPU time per turn, which contention on a shared machine does not distort the way it does latency.
 *
 * <p>{@code --client socket} (default) or {@code jdk} picks the HTTP client; {@code --fake-pid PID} adds the fake
 * model's CPU per turn to the report, next to the driver's own, so the harness's share of a small machine is seen;
 * {@code --slow-ms N} lists the seconds whose slowest turn took longer than N ms, with wall-clock times.
 *
 * <pre>java -cp "$(test classpath)" dev.clawdbot.app.http.LoadDriver --rate 200 --sessions 1000 --seconds 20</pre>
 */
public final class LoadDriver {
    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        // Without a logback config the default is DEBUG, and Jetty's debug output would be the benchmark.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int rate = intArg(args, "--rate", 200);
        int sessions = intArg(args, "--sessions", 1000);
        int seconds = intArg(args, "--seconds", 20);
        int warmup = intArg(args, "--warmup", 5);
        String url = stringArg(args, "--url", null);
        String token = stringArg(args, "--token", System.getenv("CLAWDBOT_GATEWAY_TOKEN"));
        String serve = stringArg(args, "--serve", null);
        if (serve != null) {
            serve(Integer.parseInt(serve));
            return;
        }
        long serverPid = Long.parseLong(stringArg(args, "--server-pid", "-1"));
        HttpGateway local = null;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (url == null) {
            token = "load-driver-token-0123456789";
            ChatService instant = (m, l) -> l.onComplete(new Reply("s", "ok", "fake/instant", false, 1, 1));
            registry.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    return DistributionStatisticConfig.builder().percentiles(0.5, 0.9, 0.99)
                            .expiry(Duration.ofHours(1)).bufferLength(1).build().merge(config);
                }
            });
            local = HttpGateway.builder(HttpConfig.defaults(token).withPort(0), instant).meterRegistry(registry).build().start();
            url = "http://127.0.0.1:" + local.port();
        }
        if (token == null) throw new IllegalArgumentException("--token (or CLAWDBOT_GATEWAY_TOKEN) is required with --url");
        URI endpoint = URI.create(url + "/v1/chat/completions");
        String clientKind = stringArg(args, "--client", "socket");
        long fakePid = Long.parseLong(stringArg(args, "--fake-pid", "-1"));
        long selfPid = ProcessHandle.current().pid();
        try (Sender sender = sender(clientKind, endpoint, token)) {
            System.out.printf("warm-up: %d s at %d turns/s%n", warmup, rate);
            run(sender, rate, sessions, warmup);
            System.out.printf("measuring: %d s at %d turns/s across %d sessions against %s (%s client)%n", seconds, rate, sessions, url, clientKind);
            registry.clear();
            long cpuBefore = cpuNanos(serverPid);
            long jitBefore = jitNanos(serverPid);
            long fakeBefore = cpuNanos(fakePid);
            long selfBefore = cpuNanos(selfPid);
            long[] machineBefore = machineTicks();
            Result r = run(sender, rate, sessions, seconds);
            long[] machineAfter = machineTicks();
            r.print();
            if (machineBefore != null && machineAfter != null && machineAfter[0] > machineBefore[0]) {
                // A virtual machine's CPU time taken by the hypervisor: turns wait for it like for any other load.
                System.out.printf("machine: %.1f %% busy, %.1f %% stolen by the hypervisor%n",
                        100.0 * (machineAfter[1] - machineBefore[1]) / (machineAfter[0] - machineBefore[0]),
                        100.0 * (machineAfter[2] - machineBefore[2]) / (machineAfter[0] - machineBefore[0]));
            }
            String slow = stringArg(args, "--slow-ms", null);
            if (slow != null) r.printSlowSeconds(Long.parseLong(slow));
            int turns = Math.max(1, r.latenciesNanos().length);
            if (serverPid > 0) {
                long cpu = cpuNanos(serverPid) - cpuBefore;
                long jit = jitNanos(serverPid) - jitBefore;
                System.out.printf("server CPU per turn: %.3f ms (%.3f ms without JIT compiler threads)%n",
                        cpu / 1e6 / turns, (cpu - jit) / 1e6 / turns);
            }
            System.out.printf("load driver CPU per turn: %.3f ms%s%n", (cpuNanos(selfPid) - selfBefore) / 1e6 / turns,
                    fakePid > 0 ? String.format(", fake model CPU per turn: %.3f ms", (cpuNanos(fakePid) - fakeBefore) / 1e6 / turns) : "");
            if (local != null) serverSide(registry);
        } finally {
            if (local != null) local.stop();
        }
    }

    /** Sends one turn; answers the HTTP status and, for a failure, the body. */
    private interface Sender extends AutoCloseable {
        KeepAliveClient.Response send(String json) throws Exception;

        @Override
        void close();
    }

    /**
     * {@code socket} (default): pooled keep-alive sockets, a few microseconds of driver CPU per turn;
     * {@code jdk}: the JDK HttpClient, what most Java callers would use, at about a millisecond per turn.
     */
    private static Sender sender(String kind, URI endpoint, String token) {
        return switch (kind) {
            case "socket" -> {
                KeepAliveClient client = new KeepAliveClient(endpoint);
                yield new Sender() {
                    @Override
                    public KeepAliveClient.Response send(String json) throws Exception {
                        return client.post(endpoint.getRawPath(), token, json, 30_000);
                    }

                    @Override
                    public void close() {
                        client.close();
                    }
                };
            }
            case "jdk" -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
                yield new Sender() {
                    @Override
                    public KeepAliveClient.Response send(String json) throws Exception {
                        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        return new KeepAliveClient.Response(r.statusCode(), r.body());
                    }

                    @Override
                    public void close() {
                        client.close();
                    }
                };
            }
            default -> throw new IllegalArgumentException("--client must be socket or jdk, was " + kind);
        };
    }

    /** An instantly answering gateway in its own process, so its CPU can be measured apart from the load's. */
    private static void serve(int port) throws InterruptedException {
        String token = "load-driver-token-0123456789";
        ChatService instant = (m, l) -> l.onComplete(new Reply("s", "ok", "fake/instant", false, 1, 1));
        HttpGateway gateway = HttpGateway.builder(HttpConfig.defaults(token).withPort(port), instant).build().start();
        System.out.printf("serving on http://127.0.0.1:%d (pid %d, token %s)%n", gateway.port(), ProcessHandle.current().pid(), token);
        Thread.currentThread().join();
    }

    /** From the first line of /proc/stat: {total, busy (not idle or iowait), steal} ticks; null where there is none. */
    private static long[] machineTicks() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new long[]{total, total - idle - steal, steal};
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of a process from /proc, in nanoseconds (Linux; USER_HZ is 100 on every mainstream kernel). */
    private static long cpuNanos(long pid) throws java.io.IOException {
        if (pid <= 0) return 0;
        return ticks(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat")));
    }

    /**
     * CPU time of the process's JIT compiler threads: on a loaded machine C2 is still compiling long after a
     * short warm-up, and its time would otherwise swamp the per-turn figure.
     */
    private static long jitNanos(long pid) throws java.io.IOException {
        if (pid <= 0) return 0;
        long sum = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    if (!java.nio.file.Files.readString(t.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) continue;
                    sum += ticks(java.nio.file.Files.readString(t.resolve("stat")));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return sum;
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    /** The gateway's own view: time from request start to response end inside the server, no client or kernel. */
    private static void serverSide(PrometheusMeterRegistry registry) {
        Timer timer = registry.find("http.server.requests").tag("route", "/v1/chat/completions").tag("status", "200").timer();
        if (timer == null) return;
        HistogramSnapshot snap = timer.takeSnapshot();
        StringBuilder sb = new StringBuilder("gateway time ms (server side, " + snap.count() + " turns):");
        for (ValueAtPercentile v : snap.percentileValues()) {
            sb.append(String.format("  p%s %.2f", v.percentile() * 100, v.value(TimeUnit.MILLISECONDS)));
        }
        sb.append(String.format("  mean %.2f  max %.2f", snap.mean(TimeUnit.MILLISECONDS), snap.max(TimeUnit.MILLISECONDS)));
        System.out.println(sb);
    }

    /** {@code worstPerSecond}: the slowest turn scheduled in each second; {@code startMillis}: wall clock at the first. */
    private record Result(long[] latenciesNanos, int errors, long wallNanos, long[] worstPerSecond, long startMillis) {
        /** The seconds whose slowest turn exceeded {@code limitMillis}, with wall-clock times to match against GC or other logs. */
        void printSlowSeconds(long limitMillis) {
            for (int i = 0; i < worstPerSecond.length; i++) {
                if (worstPerSecond[i] > limitMillis * 1_000_000L) {
                    System.out.printf("slow second %s: worst %.1f ms%n", java.time.Instant.ofEpochMilli(startMillis + i * 1000L),
                            worstPerSecond[i] / 1e6);
                }
            }
        }

        void print() {
            long[] l = latenciesNanos;
            Arrays.sort(l);
            System.out.printf("turns: %d ok, %d failed, %.1f turns/s achieved%n", l.length, errors,
                    l.length / (wallNanos / 1e9));
            if (l.length == 0) return;
            System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    pct(l, 50), pct(l, 90), pct(l, 99), pct(l, 99.9), l[l.length - 1] / 1e6);
        }

        private static double pct(long[] sorted, double p) {
            int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }
    }

    private static Result run(Sender sender, int rate, int sessions, int seconds) throws InterruptedException {
        int total = rate * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        java.util.concurrent.atomic.AtomicLongArray worst = new java.util.concurrent.atomic.AtomicLongArray(seconds + 1);
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * intervalNanos;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                String body = "{\"model\":\"default\",\"user\":\"load-" + (i % sessions)
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"turn " + i + "\"}]}";
                workers.submit(() -> {
                    try {
                        KeepAliveClient.Response r = sender.send(body);
                        long latency = System.nanoTime() - scheduled;
                        worst.accumulateAndGet((int) ((scheduled - start) / 1_000_000_000L), latency, Math::max);
                        if (r.status() == 200) latencies.add(latency);
                        else if (errors.getAndIncrement() == 0) System.err.println("first failure: HTTP " + r.status() + " " + r.body());
                    } catch (Exception e) {
                        if (errors.getAndIncrement() == 0) System.err.println("first failure: " + e);
                    }
                    return null;
                });
            }
        }
        long wall = System.nanoTime() - start;
        long[] perSecond = new long[worst.length()];
        for (int i = 0; i < perSecond.length; i++) perSecond[i] = worst.get(i);
        return new Result(latencies.stream().mapToLong(Long::longValue).toArray(), errors.get(), wall, perSecond, startMillis);
    }

    private static int intArg(String[] args, String name, int def) {
        String v = stringArg(args, name, null);
        return v == null ? def : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return def;
    }
}
