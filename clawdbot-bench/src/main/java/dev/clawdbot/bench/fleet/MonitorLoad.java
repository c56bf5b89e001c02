package dev.clawdbot.bench.fleet;

import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.fleet.monitor.MonitorSpec;
import dev.clawdbot.fleet.monitor.MonitorType;
import dev.clawdbot.fleet.monitor.MonitorsConfig;
import dev.clawdbot.fleet.monitor.ScheduleLag;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver for the monitor role: N monitors (default 500: half HTTP against a local server, half TCP
 * against a local listener) at a fixed interval (default 30 s) on one node with a SQLite history, for a
 * duration (default 180 s). Prints the schedule lag (p50, p99, max), checks done and heap after GC, sampled
 * every 30 s so growth shows.
 * <pre>java -cp "$CP" dev.clawdbot.bench.fleet.MonitorLoad [monitors] [intervalSeconds] [durationSeconds]</pre>
 */
public final class MonitorLoad {
    private MonitorLoad() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Duration interval = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
        Duration run = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 180);
        AtomicLong requests = new AtomicLong();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] b = "{\"status\":\"ok\"}".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
        ServerSocket tcp = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!tcp.isClosed()) {
                try {
                    tcp.accept().close();
                } catch (Exception e) {
                    return;
                }
            }
        });
        List<MonitorSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            specs.add(i % 2 == 0
                    ? new MonitorSpec("http-" + i, MonitorType.HTTP, URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/m" + i),
                    null, null, interval, interval, Duration.ofSeconds(10), null, null, null, null, "ok", null, null, null)
                    : new MonitorSpec("tcp-" + i, MonitorType.TCP, null, "127.0.0.1", tcp.getLocalPort(), interval, interval,
                    Duration.ofSeconds(10), null, null, null, null, null, null, null, null));
        }
        Path dir = Files.createTempDirectory("monitor-load");
        try (Database db = Database.sqlite(dir.resolve("fleet.db"));
             MonitorRole role = new MonitorRole(db, new MonitorsConfig(true, specs), notice -> { }, EventSink.NONE, Clock.systemUTC())) {
            long start = System.nanoTime();
            role.start();
            System.out.printf("monitors=%d interval=%s duration=%s cpus=%d%n", n, interval, run, Runtime.getRuntime().availableProcessors());
            while (System.nanoTime() - start < run.toNanos()) {
                Thread.sleep(Math.min(30_000, Math.max(1, run.toMillis() - (System.nanoTime() - start) / 1_000_000)));
                report(role.scheduleLag(), requests.get(), (System.nanoTime() - start) / 1_000_000_000);
            }
        } finally {
            http.stop(0);
            tcp.close();
        }
    }

    private static void report(ScheduleLag lag, long requests, long seconds) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("t=%4ds checks-scheduled=%6d http-requests=%6d lag p50=%d ms p99=%d ms max=%d ms heap-after-gc=%.1f MiB%n",
                seconds, lag.count(), requests, lag.percentile(0.5), lag.percentile(0.99), lag.percentile(1.0), heap / 1048576.0);
    }
}
