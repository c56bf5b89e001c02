package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.tool.ToolSpec;
import dev.clawdbot.testkit.llm.FakeModelServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicProviderTest extends ProviderContractTest {

    @Override
    String type() {
        return ProviderConfig.ANTHROPIC;
    }

    @Override
    String baseUrl(FakeModelServer fake) {
        return fake.baseUrl();
    }

    @Override
    ModelException.Kind errorEventKind() {
        return ModelException.Kind.OVERLOADED;
    }

    @Test
    void requestCarriesHeadersCachingBreakpointsToolsAndStops() throws Exception {
        fake.enqueueText("ok");
        var schema = new ObjectMapper().createObjectNode().put("type", "object");
        ModelRequest req = new ModelRequest("claude-x", "Be brief.", List.of(
                ChatMessage.user("run it"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, List.of(new ContentBlock.Thinking("hmm", "sig-1"),
                        new ContentBlock.Text("running"), new ContentBlock.ToolUse("toolu_1", "exec", new ObjectMapper().readTree("{\"c\":\"ls\"}")))),
                new ChatMessage(ChatMessage.Role.USER, List.of(new ContentBlock.ToolResult("toolu_1", "a b c", true)))),
                List.of(new ToolSpec("read", "Read", schema), new ToolSpec("exec", "Run", schema)), 1000, List.of("STOP"), 0.2);
        provider(0, true).complete(req, StreamListener.NONE);
        var r = fake.lastRequest();
        assertThat(r.path()).isEqualTo("/v1/messages");
        assertThat(r.header("x-api-key")).isEqualTo(KEY);
        assertThat(r.header("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode b = r.json();
        assertThat(b.path("model").asText()).isEqualTo("claude-x");
        assertThat(b.path("max_tokens").asInt()).isEqualTo(1000);
        assertThat(b.path("stream").asBoolean()).isTrue();
        assertThat(b.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(b.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(b.path("tools").get(0).has("cache_control")).isFalse();
        assertThat(b.path("tools").get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(b.path("tools").get(1).path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(b.path("stop_sequences").get(0).asText()).isEqualTo("STOP");
        assertThat(b.path("temperature").asDouble()).isEqualTo(0.2);
        JsonNode assistant = b.path("messages").get(1).path("content");
        assertThat(assistant.get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(assistant.get(0).path("signature").asText()).isEqualTo("sig-1");
        assertThat(assistant.get(2).path("input").path("c").asText()).isEqualTo("ls");
        JsonNode result = b.path("messages").get(2).path("content").get(0);
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(result.path("is_error").asBoolean()).isTrue();
        assertThat(result.path("cache_control").path("type").asText()).as("the newest block is a cache breakpoint").isEqualTo("ephemeral");
        assertThat(b.path("messages").get(0).path("content").get(0).has("cache_control")).isFalse();
        assertThat(b.toString().split("cache_control", -1)).as("at most 4 breakpoints").hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void promptCachingCanBeTurnedOff() throws Exception {
        fake.enqueueText("ok");
        ProviderConfig cfg = ProviderConfig.builder().type("anthropic").baseUrl(fake.baseUrl()).apiKey(KEY).maxRetries(0).stream(true)
                .promptCaching(false).build();
        provider(cfg).complete(request("x"), StreamListener.NONE);
        assertThat(fake.lastRequest().body()).doesNotContain("cache_control");
    }
}
