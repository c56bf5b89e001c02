package dev.clawdbot.fleet.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible model server (vLLM): {@code GET /health} must answer 200, {@code GET /v1/models} must list a
 * model (the configured one, if any), and the Prometheus figures of {@code GET /metrics} must be within the
 * thresholds. Time to first token is judged on the histogram's growth since the previous check, so an old slow
 * hour does not keep the monitor down. Bodies are read up to 4 MiB; each request gets the monitor's timeout.
 */
final class ModelServerProbe implements Probe {
    static final int BODY_LIMIT = 4 << 20;
    static final String RUNNING = "vllm:num_requests_running";
    static final String WAITING = "vllm:num_requests_waiting";
    static final String KV_CACHE = "vllm:kv_cache_usage_perc";
    static final String KV_CACHE_OLD = "vllm:gpu_cache_usage_perc";
    static final String TTFT = "vllm:time_to_first_token_seconds";
    private static final Set<String> WANTED = Set.of(RUNNING, WAITING, KV_CACHE, KV_CACHE_OLD, TTFT + "_bucket", TTFT + "_count");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MonitorSpec spec;
    private final ModelServerThresholds limits;
    private final HttpClient http;
    private final Clock clock;
    private NavigableMap<Double, Double> lastTtft = new TreeMap<>();

    ModelServerProbe(MonitorSpec spec, HttpClient http, Clock clock) {
        this.spec = spec;
        this.limits = spec.modelServer() == null ? ModelServerThresholds.none() : spec.modelServer();
        this.http = http;
        this.clock = clock;
    }

    private record Got(int status, String body) {
    }

    @Override
    public synchronized CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        try {
            Got health = get("/health");
            if (health.status() != 200) return down(at, start, "/health answered " + health.status());
            Got models = get("/v1/models");
            if (models.status() != 200) return down(at, start, "/v1/models answered " + models.status());
            String modelProblem = models(models.body());
            if (modelProblem != null) return down(at, start, modelProblem);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            if (!limits.metrics()) return CheckResult.up(at, latency);
            Got metrics = get("/metrics");
            if (metrics.status() != 200) return down(at, start, "/metrics answered " + metrics.status());
            String problem = judge(PrometheusText.parse(metrics.body(), WANTED));
            return problem == null ? CheckResult.up(at, latency) : down(at, start, problem);
        } catch (IOException e) {
            return down(at, start, "request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(at, start, "interrupted");
        }
    }

    private String models(String body) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            return "/v1/models is not JSON";
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : data) if (m.path("id").isTextual() && ids.size() < 100) ids.add(m.path("id").asText());
        if (ids.isEmpty()) return "/v1/models lists no model";
        if (limits.model() != null && !ids.contains(limits.model())) {
            return "model " + limits.model() + " is not served (serves: " + String.join(", ", ids.subList(0, Math.min(5, ids.size()))) + ")";
        }
        return null;
    }

    /** Null when every figure is within its threshold, else the first that is not. */
    String judge(List<PrometheusText.Sample> samples) {
        List<String> over = new ArrayList<>();
        double waiting = PrometheusText.sum(samples, WAITING);
        if (limits.maxWaiting() != null && waiting > limits.maxWaiting()) {
            over.add("requests waiting " + (long) waiting + " > " + limits.maxWaiting());
        }
        double running = PrometheusText.sum(samples, RUNNING);
        if (limits.maxRunning() != null && running > limits.maxRunning()) {
            over.add("requests running " + (long) running + " > " + limits.maxRunning());
        }
        double kv = PrometheusText.max(samples, KV_CACHE);
        if (Double.isNaN(kv)) kv = PrometheusText.max(samples, KV_CACHE_OLD);
        if (limits.maxKvCacheUsage() != null && kv > limits.maxKvCacheUsage()) {
            over.add(String.format(Locale.ROOT, "KV cache %.0f%% > %.0f%%", kv * 100, limits.maxKvCacheUsage() * 100));
        }
        TreeMap<Double, Double> ttft = PrometheusText.buckets(samples, TTFT);
        NavigableMap<Double, Double> recent = since(ttft, lastTtft);
        lastTtft = ttft;
        double p90 = PrometheusText.quantile(recent, 0.9);
        if (limits.maxTtftP90() != null && p90 > limits.maxTtftP90().toNanos() / 1e9) {
            over.add(String.format(Locale.ROOT, "time to first token p90 ≤ %s s > %s s", trim(p90), trim(limits.maxTtftP90().toNanos() / 1e9)));
        }
        return over.isEmpty() ? null : String.join("; ", over);
    }

    /** The counts added since {@code before}; all of {@code now} when the server restarted (a counter went down) or on the first check. */
    static NavigableMap<Double, Double> since(NavigableMap<Double, Double> now, NavigableMap<Double, Double> before) {
        TreeMap<Double, Double> d = new TreeMap<>();
        for (Map.Entry<Double, Double> b : now.entrySet()) {
            double prev = before.getOrDefault(b.getKey(), 0.0);
            if (b.getValue() < prev) return now;
            d.put(b.getKey(), b.getValue() - prev);
        }
        return d;
    }

    private static String trim(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private Got get(String path) throws IOException, InterruptedException {
        URI base = spec.url();
        String p = base.getPath() == null ? "" : base.getPath();
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.endsWith("/v1")) p = p.substring(0, p.length() - 3);
        URI uri = base.resolve(p + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(spec.timeout()).GET();
        spec.headers().forEach(b::header);
        var sent = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> r = sent.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            try (InputStream in = r.body()) {
                return new Got(r.statusCode(), new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8));
            }
        } catch (java.util.concurrent.TimeoutException e) {
            sent.cancel(true);
            throw new IOException(path + " timed out after " + spec.timeout().toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IOException(path + ": " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage()));
        }
    }

    private static CheckResult down(Instant at, long start, String cause) {
        return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start), cause);
    }
}
