package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.testkit.llm.FakeModelServer;
import dev.clawdbot.testkit.llm.InstantModelServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiCompatibleProviderTest extends ProviderContractTest {

    @Override
    String type() {
        return ProviderConfig.OPENAI;
    }

    @Override
    String baseUrl(FakeModelServer fake) {
        return fake.openAiBaseUrl();
    }

    @Override
    ModelException.Kind errorEventKind() {
        return ModelException.Kind.SERVER_ERROR;
    }

    @Test
    void requestCarriesBearerExtraHeadersToolsAndUsageOption() throws Exception {
        fake.enqueueText("ok");
        ProviderConfig cfg = ProviderConfig.of("openai", fake.openAiBaseUrl(), KEY).withHeaders(Map.of("api-key", "azure-key-0123456789"));
        ModelRequest req = new ModelRequest("qwen2.5-72b", "sys", List.of(
                ChatMessage.user("go"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, List.of(new ContentBlock.ToolUse("call_1", "exec", new ObjectMapper().readTree("{\"c\":\"ls\"}")))),
                new ChatMessage(ChatMessage.Role.USER, List.of(new ContentBlock.ToolResult("call_1", "out", false), new ContentBlock.Text("and?")))),
                request("x").tools(), 500, List.of("END"), null);
        ModelResponse r = provider(cfg).complete(req, StreamListener.NONE);
        assertThat(r.usage().inputTokens()).isPositive();
        var rec = fake.lastRequest();
        assertThat(rec.path()).isEqualTo("/v1/chat/completions");
        assertThat(rec.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(rec.header("api-key")).isEqualTo("azure-key-0123456789");
        JsonNode b = rec.json();
        assertThat(b.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(b.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(b.path("messages").get(2).path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo("{\"c\":\"ls\"}");
        assertThat(b.path("messages").get(3).path("role").asText()).isEqualTo("tool");
        assertThat(b.path("messages").get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(b.path("messages").get(4).path("content").asText()).isEqualTo("and?");
        assertThat(b.path("tools").get(0).path("function").path("name").asText()).isEqualTo("exec");
        assertThat(b.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(b.path("max_tokens").asInt()).isEqualTo(500);
    }

    @Test
    void theLoadTestsInstantModelSpeaksTheWireFormatOverKeptAliveConnections() throws Exception {
        try (InstantModelServer instant = InstantModelServer.start()) {
            ModelProvider p = provider(ProviderConfig.of("openai", instant.openAiBaseUrl(), KEY).withStream(false));
            for (int i = 0; i < 20; i++) {
                ModelResponse r = p.complete(request("turn " + i), StreamListener.NONE);
                assertThat(r.text()).isEqualTo("ok");
                assertThat(r.stopReason()).isEqualTo(ModelResponse.StopReason.END_TURN);
                assertThat(r.usage().inputTokens()).isEqualTo(10);
            }
            assertThat(instant.served()).isEqualTo(20);
        }
    }

    @Test
    void listsModelsForDoctor() throws Exception {
        fake.models("qwen2.5-72b", "llama3.1");
        var p = (OpenAiCompatibleProvider) provider(0, true);
        assertThat(p.listModels()).containsExactly("qwen2.5-72b", "llama3.1");
        assertThat(fake.lastRequest().header("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void listingModelsOnADeadServerSaysWhere() {
        String url = fake.openAiBaseUrl();
        fake.close();
        var p = new OpenAiCompatibleProvider("gpu", ProviderConfig.of("openai", url, null));
        ModelException e = catchThrowableOfType(ModelException.class, p::listModels);
        assertThat(e.kind()).isEqualTo(ModelException.Kind.NETWORK);
        assertThat(e.getMessage()).contains(url + "/models");
        fake = FakeModelServer.start();
    }
}
