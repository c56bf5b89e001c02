package dev.clawdbot.fleet.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A vLLM-shaped server: {@code /health} (empty 200), {@code /v1/models} (OpenAI list) and {@code /metrics} in the
 * Prometheus text format with vLLM's metric names, HELP/TYPE lines, and labels per model and engine.
 */
final class FakeVllm implements AutoCloseable {
    final AtomicInteger health = new AtomicInteger(200);
    final AtomicReference<String> model = new AtomicReference<>("meta-llama/Llama-3.1-8B-Instruct");
    final AtomicInteger running = new AtomicInteger(3);
    final AtomicInteger waiting = new AtomicInteger(0);
    volatile double kvCache = 0.42;
    /** Cumulative TTFT observations per bucket: le=0.1, 0.5, 1, 2.5, 5, +Inf. */
    final long[] ttft = {50, 90, 100, 100, 100, 100};
    final AtomicReference<String> extra = new AtomicReference<>("");
    private final HttpServer server;

    FakeVllm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", ex -> send(ex, health.get(), ""));
        server.createContext("/v1/models", ex -> send(ex, 200, model.get() == null ? "{\"object\":\"list\",\"data\":[]}"
                : "{\"object\":\"list\",\"data\":[{\"id\":\"" + model.get() + "\",\"object\":\"model\",\"created\":1765152000,"
                + "\"owned_by\":\"vllm\",\"root\":\"" + model.get() + "\",\"parent\":null,\"max_model_len\":32768}]}"));
        server.createContext("/metrics", ex -> send(ex, 200, metrics()));
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private String metrics() {
        String l = "engine=\"0\",model_name=\"" + model.get() + "\"";
        double[] le = {0.1, 0.5, 1, 2.5, 5};
        StringBuilder b = new StringBuilder();
        b.append("# HELP vllm:num_requests_running Number of requests in model execution batches.\n");
        b.append("# TYPE vllm:num_requests_running gauge\n");
        b.append("vllm:num_requests_running{").append(l).append("} ").append(running.get()).append(".0\n");
        b.append("# HELP vllm:num_requests_waiting Number of requests waiting to be processed.\n");
        b.append("# TYPE vllm:num_requests_waiting gauge\n");
        b.append("vllm:num_requests_waiting{").append(l).append("} ").append(waiting.get()).append(".0\n");
        b.append("# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.\n");
        b.append("# TYPE vllm:kv_cache_usage_perc gauge\n");
        b.append("vllm:kv_cache_usage_perc{").append(l).append("} ").append(String.format(Locale.ROOT, "%.4f", kvCache)).append('\n');
        b.append("# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.\n");
        b.append("# TYPE vllm:time_to_first_token_seconds histogram\n");
        for (int i = 0; i < le.length; i++) {
            b.append("vllm:time_to_first_token_seconds_bucket{").append(l).append(",le=\"").append(le[i]).append("\"} ").append(ttft[i]).append(".0\n");
        }
        b.append("vllm:time_to_first_token_seconds_bucket{").append(l).append(",le=\"+Inf\"} ").append(ttft[5]).append(".0\n");
        b.append("vllm:time_to_first_token_seconds_count{").append(l).append("} ").append(ttft[5]).append(".0\n");
        b.append("vllm:time_to_first_token_seconds_sum{").append(l).append("} 31.5\n");
        b.append("python_gc_objects_collected_total{generation=\"0\"} 12345.0\n");
        return b.append(extra.get()).toString();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
