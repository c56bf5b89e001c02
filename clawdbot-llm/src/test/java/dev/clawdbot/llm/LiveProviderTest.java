package dev.clawdbot.llm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against real servers, only when their credentials are in the environment: ANTHROPIC_API_KEY (model from
 * CLAWDBOT_LIVE_ANTHROPIC_MODEL, default claude-haiku-4-5) and OPENAI_BASE_URL (+ OPENAI_API_KEY; model from
 * CLAWDBOT_LIVE_OPENAI_MODEL, default the server's first listed model). Skipped otherwise.
 */
class LiveProviderTest {

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    static ModelRequest ask(String model) {
        return new ModelRequest(model, "Answer with one word.", List.of(ChatMessage.user("Say the word pong.")), List.of(), 20, List.of(), 0.0);
    }

    @Test
    void anthropicStreamsARealReply() throws Exception {
        String key = System.getenv("ANTHROPIC_API_KEY");
        assumeTrue(key != null && !key.isBlank(), "ANTHROPIC_API_KEY not set");
        var p = new AnthropicProvider("anthropic", ProviderConfig.of("anthropic", System.getenv("ANTHROPIC_BASE_URL"), key));
        RecordingListener l = new RecordingListener();
        ModelResponse r = p.complete(ask(env("CLAWDBOT_LIVE_ANTHROPIC_MODEL", "claude-haiku-4-5")), l);
        assertThat(r.text().toLowerCase()).contains("pong");
        assertThat(r.usage().inputTokens()).isPositive();
        assertThat(String.join("", l.deltas)).isEqualTo(r.text());
    }

    @Test
    void openAiCompatibleServerStreamsARealReply() throws Exception {
        String url = System.getenv("OPENAI_BASE_URL");
        assumeTrue(url != null && !url.isBlank(), "OPENAI_BASE_URL not set");
        var p = new OpenAiCompatibleProvider("openai", ProviderConfig.of("openai", url, System.getenv("OPENAI_API_KEY")));
        String model = env("CLAWDBOT_LIVE_OPENAI_MODEL", null);
        if (model == null) model = p.listModels().get(0);
        ModelResponse r = p.complete(ask(model), StreamListener.NONE);
        assertThat(r.text()).isNotBlank();
    }
}
