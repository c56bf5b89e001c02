package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelsConfigTest {

    @Test
    void builtInOllamaAndVllmIdsNeedNoProviderSection() {
        ModelsConfig c = new ModelsConfig(null, "ollama/llama3.1", List.of("vllm/qwen2.5-72b"), null, null, null, null)
                .withBuiltInProviders();
        assertThat(c.providers().get("ollama").baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(c.providers().get("vllm").baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(c.validated().chain("dakota")).extracting(ModelRef::toString).containsExactly("ollama/llama3.1", "vllm/qwen2.5-72b");
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> new ModelsConfig(null, "claude", null, null, null, null, null))
                .hasMessageContaining("models.defaultModel must be provider/model");
        assertThatThrownBy(() -> ProviderConfig.of("gemini", null, null)).hasMessageContaining("type must be 'anthropic' or 'openai', was 'gemini'");
        assertThatThrownBy(() -> ProviderConfig.of("openai", "ftp://x", null)).hasMessageContaining("baseUrl 'ftp://x' must be an http");
        assertThatThrownBy(() -> new ModelsConfig.Breaker(0, null)).hasMessageContaining("models.breaker.failureThreshold must be at least 1");
        assertThatThrownBy(() -> new ModelsConfig.Budgets(-1L, null, null, null)).hasMessageContaining("models.budgets.perSession");
        assertThatThrownBy(() -> new ModelsConfig.Budgets(null, null, null, "Mars/Base")).hasMessageContaining("'Mars/Base' is not a time zone");
        assertThatThrownBy(() -> new ModelsConfig(null, "gpu/qwen", null, null, null, null, null).validated())
                .hasMessageContaining("names provider 'gpu', which is not under models.providers");
    }

    @Test
    void bindsFromYamlWithCamelCaseKeys() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ModelsConfig c = yaml.readValue("""
                defaultModel: anthropic/claude-opus-4-5
                fallbacks: [gpu/qwen2.5-72b, ollama/llama3.1]
                providers:
                  anthropic: {type: anthropic, apiKey: sk-ant-yaml-123456789}
                  gpu: {type: openai, baseUrl: "http://10.0.0.5:8000/v1", idleTimeout: PT120S, maxRetries: 1, headers: {api-key: k-123456789}}
                  ollama: {type: openai, baseUrl: "http://127.0.0.1:11434/v1", contextWindows: {llama3.1: 131072}}
                agents:
                  sysadmin: {model: gpu/qwq-32b, fallbacks: []}
                breaker: {failureThreshold: 5, openDuration: PT1M}
                budgets: {perSession: 1000, perDay: 50000, zone: Europe/Amsterdam}
                """, ModelsConfig.class).validated();
        assertThat(c.providers().keySet()).containsExactly("anthropic", "gpu", "ollama");
        assertThat(c.providers().get("gpu").idleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.providers().get("gpu").maxRetries()).isEqualTo(1);
        assertThat(c.providers().get("ollama").contextWindows()).containsEntry("llama3.1", 131072);
        assertThat(c.chain("sysadmin")).extracting(ModelRef::toString).containsExactly("gpu/qwq-32b");
        assertThat(c.chain("dakota")).extracting(ModelRef::toString).containsExactly("anthropic/claude-opus-4-5", "gpu/qwen2.5-72b", "ollama/llama3.1");
        assertThat(c.breaker().openDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.budgets().perAgentPerDay()).isZero();
        assertThat(c.toString()).doesNotContain("sk-ant-yaml-123456789").doesNotContain("k-123456789");
        assertThatThrownBy(() -> yaml.readValue("providers: {x: {type: openai, apiKee: y}}", ModelsConfig.class))
                .hasMessageContaining("apiKee");
    }

    @Test
    void defaultsAreApplied() {
        ProviderConfig p = ProviderConfig.of("openai", null, null);
        assertThat(p.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(p.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.maxRetries()).isEqualTo(2);
        assertThat(p.stream()).isTrue();
        ModelsConfig c = ModelsConfig.defaults();
        assertThat(c.breaker().failureThreshold()).isEqualTo(3);
        assertThat(c.budgets().zone()).isEqualTo("UTC");
        assertThat(c.detectLocal()).isTrue();
    }
}
