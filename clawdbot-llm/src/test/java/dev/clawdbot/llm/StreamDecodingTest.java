package dev.clawdbot.llm;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Recorded streams: shapes the fake does not produce (thinking, signatures) and out-of-order events. */
class StreamDecodingTest {

    static String ev(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    static final String START = ev("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[],\"model\":\"claude-x\",\"stop_reason\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1,"
            + "\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":7}}}");
    static final String END = ev("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":42}}")
            + ev("message_stop", "{\"type\":\"message_stop\"}");

    static ModelResponse anthropic(String s, RecordingListener l) throws ModelException {
        return StreamDecoding.anthropic(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), "anthropic/claude-x", l);
    }

    @Test
    void thinkingWithSignatureTextAndToolUse() throws Exception {
        String s = START
                + ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")
                + ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Check disk \"}}")
                + ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"first.\"}}")
                + ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAh\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + ": comment lines are skipped\n\n"
                + ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking.\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + ev("ping", "{\"type\":\"ping\"}")
                + ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"exec\",\"input\":{}}}")
                + ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"cmd\\\": \\\"df\"}}")
                + ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" -h\\\"}\"}}")
                + ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}")
                + END;
        RecordingListener l = new RecordingListener();
        ModelResponse r = anthropic(s, l);
        assertThat(r.content()).hasSize(3);
        assertThat(r.content().get(0)).isEqualTo(new ContentBlock.Thinking("Check disk first.", "EqQBCgIYAh"));
        assertThat(r.text()).isEqualTo("Checking.");
        assertThat(r.toolUses().get(0).input().path("cmd").asText()).isEqualTo("df -h");
        assertThat(r.usage()).isEqualTo(new Usage(12, 42, 100, 7));
        assertThat(r.stopReason()).isEqualTo(ModelResponse.StopReason.TOOL_USE);
        assertThat(l.deltas).containsExactly("Checking.");
    }

    @Test
    void outOfOrderEventsAreRejected() {
        String text0 = ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        String stop0 = ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        String[] bad = {
                text0 + stop0 + END,                                            // no message_start
                START + START + END,                                            // two message_starts
                START + text0 + END,                                            // block never closed
                START + ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                START + text0 + ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}"),
                START + text0 + stop0 + ev("message_stop", "{\"type\":\"message_stop\"}"), // no stop_reason
                START + ev("content_block_delta", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        };
        for (String s : bad) {
            ModelException e = catchThrowableOfType(ModelException.class, () -> anthropic(s, new RecordingListener()));
            assertThat(e).as(s).isNotNull();
            assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_STREAM);
        }
    }

    @Test
    void anErrorEventIsClassified() {
        String s = START + ev("error", "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
        ModelException e = catchThrowableOfType(ModelException.class, () -> anthropic(s, new RecordingListener()));
        assertThat(e.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("rate_limit_error: slow down");
    }

    @Test
    void openAiUsageAfterFinishAndDoneAreAccepted() throws Exception {
        String s = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":2,\"prompt_tokens_details\":{\"cached_tokens\":10}}}\n\n"
                + "data: [DONE]\n\n";
        ModelResponse r = StreamDecoding.openAi(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), "gpu/q", null);
        assertThat(r.text()).isEqualTo("Hi");
        assertThat(r.stopReason()).isEqualTo(ModelResponse.StopReason.MAX_TOKENS);
        assertThat(r.usage()).isEqualTo(new Usage(20, 2, 10, 0));
        String noDone = s.replace("data: [DONE]\n\n", "");
        assertThat(catchThrowableOfType(ModelException.class,
                () -> StreamDecoding.openAi(new ByteArrayInputStream(noDone.getBytes(StandardCharsets.UTF_8)), "gpu/q", null)).getMessage())
                .contains("without [DONE]");
        String merged = s.replace("\n\ndata: [DONE]", "data: [DONE]");
        assertThat(catchThrowableOfType(ModelException.class,
                () -> StreamDecoding.openAi(new ByteArrayInputStream(merged.getBytes(StandardCharsets.UTF_8)), "gpu/q", null)).getMessage())
                .contains("merged");
    }
}
