package dev.clawdbot.fleet.monitor;

import java.time.Duration;

/**
 * {@code monitors.monitors[].modelServer:} — what a {@code MODEL_SERVER} monitor (an OpenAI-compatible server such
 * as vLLM) must meet besides answering {@code /health} and listing a model in {@code /v1/models}. Each is optional.
 *
 * @param model           a model id {@code /v1/models} must list
 * @param maxWaiting      most requests waiting in the queue ({@code vllm:num_requests_waiting}, summed)
 * @param maxRunning      most requests running ({@code vllm:num_requests_running}, summed)
 * @param maxKvCacheUsage highest KV-cache use, 0..1 ({@code vllm:kv_cache_usage_perc}, older {@code vllm:gpu_cache_usage_perc})
 * @param maxTtftP90      highest 90th percentile of time to first token since the previous check
 *                        ({@code vllm:time_to_first_token_seconds} histogram)
 * @param metrics         false skips {@code /metrics} (a server that does not expose it); default true
 */
public record ModelServerThresholds(String model, Integer maxWaiting, Integer maxRunning, Double maxKvCacheUsage, Duration maxTtftP90,
                                    Boolean metrics) {
    public ModelServerThresholds {
        String at = "modelServer.";
        if (model != null && model.isBlank()) throw new IllegalArgumentException(at + "model: empty");
        if (maxWaiting != null && maxWaiting < 0) throw new IllegalArgumentException(at + "maxWaiting: must be at least 0, was " + maxWaiting);
        if (maxRunning != null && maxRunning < 0) throw new IllegalArgumentException(at + "maxRunning: must be at least 0, was " + maxRunning);
        if (maxKvCacheUsage != null && !(maxKvCacheUsage > 0 && maxKvCacheUsage <= 1)) {
            throw new IllegalArgumentException(at + "maxKvCacheUsage: a fraction in (0, 1], e.g. 0.95, was " + maxKvCacheUsage);
        }
        if (maxTtftP90 != null && (maxTtftP90.isNegative() || maxTtftP90.isZero())) {
            throw new IllegalArgumentException(at + "maxTtftP90: must be positive");
        }
        metrics = metrics == null || metrics;
    }

    static ModelServerThresholds none() {
        return new ModelServerThresholds(null, null, null, null, null, null);
    }
}
