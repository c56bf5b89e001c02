package dev.clawdbot.llm;

import dev.clawdbot.testkit.llm.FakeModelServer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NotConfiguredTest {

    @Test
    void withNoModelEveryCallSaysHowToConfigureOneAndNamesALocalServer() {
        try (FakeModelServer ollama = FakeModelServer.start()) {
            ollama.models("llama3.1", "qwen2.5:7b");
            Map<String, String> candidates = new LinkedHashMap<>();
            candidates.put("ollama", ollama.openAiBaseUrl());
            candidates.put("vllm", "http://127.0.0.1:1/v1");
            LocalModelDetector detector = new LocalModelDetector(candidates, Duration.ofSeconds(3));
            ModelRouter router = Models.router(ModelsConfig.defaults().withBuiltInProviders(), null,
                    ProviderEnvironment.defaults().withClock(Clock.systemUTC()), detector);
            ModelException e = catchThrowableOfType(ModelException.class,
                    () -> router.complete(new ModelRouter.RouteContext("dakota", "s", null), FailoverRouterTest.req(), StreamListener.NONE));
            assertThat(e.kind()).isEqualTo(ModelException.Kind.NOT_CONFIGURED);
            assertThat(e.getMessage()).contains("CLAWDBOT_MODEL=anthropic/claude-opus-4-5", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL",
                    "models.defaultModel", "models.providers.<provider>")
                    .contains("Found a local Ollama server at " + ollama.openAiBaseUrl() + " serving llama3.1, qwen2.5:7b")
                    .contains("CLAWDBOT_MODEL=ollama/llama3.1")
                    .doesNotContain("local vLLM");
            assertThat(router.status()).singleElement().asString().contains("no model configured");
        }
    }

    @Test
    void withNothingListeningTheMessageStillExplains() {
        LocalModelDetector none = new LocalModelDetector(Map.of("vllm", "http://127.0.0.1:1/v1"), Duration.ofMillis(200));
        assertThat(none.detect()).isEmpty();
        assertThat(Models.notConfiguredMessage(none)).startsWith("No model is configured.").doesNotContain("Found");
    }
}
