package dev.clawdbot.llm;

import dev.clawdbot.core.Diagnostic;
import dev.clawdbot.testkit.llm.FakeModelServer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsDoctorTest {

    @Test
    void reportsReachabilityKeysAndModelsWithFixes() {
        try (FakeModelServer gpu = FakeModelServer.start(); FakeModelServer anthropic = FakeModelServer.start()) {
            gpu.models("qwen2.5-72b", "qwq-32b");
            anthropic.models("claude-opus-4-5-20251101");
            String dead = gpu.openAiBaseUrl().replaceFirst(":\\d+/", ":1/");
            Map<String, ProviderConfig> p = new LinkedHashMap<>();
            p.put("anthropic", ProviderConfig.of("anthropic", anthropic.baseUrl(), "sk-ant-doctor-0123456789"));
            p.put("gpu", ProviderConfig.of("openai", gpu.openAiBaseUrl(), null));
            p.put("ollama", ProviderConfig.of("openai", dead, null));
            p.put("spare", ProviderConfig.of("anthropic", anthropic.baseUrl(), null));
            ModelsConfig cfg = new ModelsConfig(p, "anthropic/claude-opus-4-5", List.of("gpu/llama-70b", "ollama/llama3.1"), null, null, null, false);
            List<Diagnostic> f = ModelsDoctor.check(cfg, ProviderEnvironment.defaults(), LocalModelDetector.defaults());
            assertThat(f).extracting(Diagnostic::subject, Diagnostic::ok).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("models.providers.anthropic", true),
                    org.assertj.core.groups.Tuple.tuple("models.providers.gpu", true),
                    org.assertj.core.groups.Tuple.tuple("gpu/llama-70b", false),
                    org.assertj.core.groups.Tuple.tuple("models.providers.ollama", false),
                    org.assertj.core.groups.Tuple.tuple("models.providers.spare", false));
            assertThat(f.get(2).fix()).contains("qwen2.5-72b, qwq-32b");
            assertThat(f.get(3).fix()).contains("start the server or correct models.providers.ollama.baseUrl");
            assertThat(f.get(4).fix()).contains("ANTHROPIC_API_KEY");
            assertThat(anthropic.lastRequest().header("x-api-key")).isEqualTo("sk-ant-doctor-0123456789");
            assertThat(anthropic.lastRequest().path()).isEqualTo("/v1/models");
        }
    }

    @Test
    void noModelConfiguredIsOneFindingWithTheWayOut() {
        List<Diagnostic> f = ModelsDoctor.check(ModelsConfig.defaults(), ProviderEnvironment.defaults(), LocalModelDetector.defaults());
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.ok()).isFalse();
            assertThat(x.fix()).contains("CLAWDBOT_MODEL");
        });
    }
}
