package dev.clawdbot.fleet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A MODEL_SERVER monitor against a vLLM-shaped fake: health, models, and the /metrics thresholds. */
class ModelServerProbeTest {
    private FakeVllm vllm;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        vllm = new FakeVllm();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        vllm.close();
        http.close();
    }

    private ModelServerProbe probe(ModelServerThresholds t, String suffix) {
        MonitorSpec spec = new MonitorSpec("gpu1-vllm", MonitorType.MODEL_SERVER, java.net.URI.create(vllm.base() + suffix), null, null,
                null, null, Duration.ofSeconds(5), 1, 1, null, null, null, null, null, null, t);
        return new ModelServerProbe(spec, http, Clock.systemUTC());
    }

    @Test
    void aHealthyServerWithinItsThresholdsIsUp() {
        CheckResult r = probe(new ModelServerThresholds("meta-llama/Llama-3.1-8B-Instruct", 5, 64, 0.9, Duration.ofSeconds(1), null), "/v1").check();
        assertThat(r.up()).as(r.cause()).isTrue();
    }

    @Test
    void eachThresholdAndEndpointFailsWithItsCause() {
        ModelServerProbe p = probe(new ModelServerThresholds(null, 5, null, 0.9, null, null), "");
        vllm.waiting.set(12);
        vllm.kvCache = 0.97;
        assertThat(p.check().cause()).isEqualTo("requests waiting 12 > 5; KV cache 97% > 90%");
        vllm.waiting.set(0);
        vllm.kvCache = 0.5;
        assertThat(p.check().up()).isTrue();

        vllm.health.set(503);
        assertThat(p.check().cause()).isEqualTo("/health answered 503");
        vllm.health.set(200);
        vllm.model.set(null);
        assertThat(p.check().cause()).isEqualTo("/v1/models lists no model");
    }

    @Test
    void theWrongModelIsDown() {
        CheckResult r = probe(new ModelServerThresholds("Qwen/Qwen2.5-72B", null, null, null, null, null), "").check();
        assertThat(r.cause()).isEqualTo("model Qwen/Qwen2.5-72B is not served (serves: meta-llama/Llama-3.1-8B-Instruct)");
    }

    @Test
    void timeToFirstTokenIsJudgedOnWhatHappenedSinceTheLastCheck() {
        ModelServerProbe p = probe(new ModelServerThresholds(null, null, null, null, Duration.ofSeconds(1), null), "");
        // First check: 90 of 100 requests within 0.5 s, all within 1 s: p90 0.5 s.
        assertThat(p.check().up()).isTrue();
        // Then 50 slow requests (2.5–5 s): the p90 of what happened since is 5 s.
        vllm.ttft[4] += 50;
        vllm.ttft[5] += 50;
        CheckResult slow = p.check();
        assertThat(slow.up()).isFalse();
        assertThat(slow.cause()).isEqualTo("time to first token p90 ≤ 5 s > 1 s");
        // Then 100 fast ones: up again, although the cumulative histogram's p90 (rank 225 of 250) is still 5 s.
        for (int i = 0; i < 6; i++) vllm.ttft[i] += 100;
        assertThat(p.check().up()).isTrue();
        assertThat(PrometheusText.quantile(new java.util.TreeMap<>(java.util.Map.of(0.1, 150.0, 0.5, 190.0, 1.0, 200.0, 2.5, 200.0,
                5.0, 250.0, Double.POSITIVE_INFINITY, 250.0)), 0.9)).isEqualTo(5.0);
        // No new requests: nothing recent to judge.
        assertThat(p.check().up()).isTrue();
    }

    @Test
    void theOlderKvCacheNameIsReadToo() {
        vllm.kvCache = 0.0;
        vllm.extra.set("vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.99\n");
        // The newer name reports 0, which wins when present; a server exposing only the old name is judged on it.
        ModelServerProbe p = probe(new ModelServerThresholds(null, null, null, 0.9, null, null), "");
        assertThat(p.check().up()).isTrue();
        var samples = PrometheusText.parse("vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.99\n", Set.of(ModelServerProbe.KV_CACHE_OLD));
        assertThat(p.judge(samples)).isEqualTo("KV cache 99% > 90%");
    }

    @Test
    void theParserHandlesEscapesSkipsGarbageAndIsBounded() {
        String text = """
                # HELP x y
                vllm:num_requests_waiting{model_name="a \\"quoted\\" }, name",engine="0"} 4
                vllm:num_requests_waiting{broken="} 7
                vllm:num_requests_waiting 2 1765152000000
                vllm:num_requests_waiting{a="b"} not-a-number
                other_metric 99
                """;
        List<PrometheusText.Sample> s = PrometheusText.parse(text, Set.of(ModelServerProbe.WAITING));
        assertThat(s).hasSize(2);
        assertThat(s.getFirst().labels()).containsEntry("model_name", "a \"quoted\" }, name");
        assertThat(PrometheusText.sum(s, ModelServerProbe.WAITING)).isEqualTo(6);
        // A flood of samples stops at the cap; a pathological line is linear to scan.
        String flood = "vllm:num_requests_waiting 1\n".repeat(PrometheusText.MAX_SAMPLES + 500);
        assertThat(PrometheusText.parse(flood, Set.of(ModelServerProbe.WAITING))).hasSize(PrometheusText.MAX_SAMPLES);
        long start = System.nanoTime();
        PrometheusText.parse("vllm:num_requests_waiting{" + "a=\"\\\\".repeat(20_000), Set.of(ModelServerProbe.WAITING));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void thresholdsAreValidatedWithTheirKey() {
        assertThatThrownBy(() -> new ModelServerThresholds(null, null, null, 95.0, null, null))
                .hasMessageContaining("modelServer.maxKvCacheUsage: a fraction in (0, 1]");
        assertThatThrownBy(() -> new MonitorSpec("web", MonitorType.HTTP, java.net.URI.create("http://x/"), null, null, null, null, null,
                null, null, null, null, null, null, null, null, ModelServerThresholds.none()))
                .hasMessageContaining("monitors.web.modelServer: only for type MODEL_SERVER");
    }
}
