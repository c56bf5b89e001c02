package dev.clawdbot.bench.llm;

import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.ModelResponse;
import dev.clawdbot.llm.StreamDecoding;
import dev.clawdbot.llm.StreamListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Parse + validation cost of one streamed 1,000-token reply (one token per delta event, as providers send
 * them), from pre-built SSE bytes: no network. Text replies, and a tool call whose 1,000 tokens of JSON
 * arguments arrive in 1,000 pieces.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StreamParseBench {

    static final int TOKENS = 1000;
    static final String[] WORDS = {" the", " disk", " on", " gpu", " is", " 81%", " full", ";", " backups", " ran", " at", " 03:00", " \u2713"};

    byte[] anthropicText;
    byte[] openAiText;
    byte[] anthropicTool;
    byte[] openAiTool;

    @Setup
    public void build() {
        anthropicText = anthropic(false);
        anthropicTool = anthropic(true);
        openAiText = openAi(false);
        openAiTool = openAi(true);
    }

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String piece(int i, boolean tool) {
        if (!tool) return WORDS[i % WORDS.length];
        if (i == 0) return "{\"lines\":[";
        if (i == TOKENS - 1) return "\"end\"]}";
        return "\"w" + (i % 97) + "\",";
    }

    static byte[] anthropic(boolean tool) {
        StringBuilder sb = new StringBuilder();
        sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"model\":\"claude-opus-4-5\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":2500,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":2000,\"output_tokens\":1}}}\n\n");
        sb.append(tool
                ? "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"write\",\"input\":{}}}\n\n"
                : "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        sb.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (int i = 0; i < TOKENS; i++) {
            String p = esc(piece(i, tool));
            sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":")
                    .append(tool ? "{\"type\":\"input_json_delta\",\"partial_json\":\"" : "{\"type\":\"text_delta\",\"text\":\"")
                    .append(p).append("\"}}\n\n");
        }
        sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        sb.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"")
                .append(tool ? "tool_use" : "end_turn").append("\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":1000}}\n\n");
        sb.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] openAi(boolean tool) {
        String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"qwen2.5-72b\",\"choices\":[{\"index\":0,\"delta\":";
        StringBuilder sb = new StringBuilder();
        sb.append(head).append("{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        if (tool) {
            sb.append(head).append("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"write\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
        }
        for (int i = 0; i < TOKENS; i++) {
            String p = esc(piece(i, tool));
            sb.append(head).append(tool ? "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + p + "\"}}]}" : "{\"content\":\"" + p + "\"}")
                    .append(",\"finish_reason\":null}]}\n\n");
        }
        sb.append(head).append("{},\"finish_reason\":\"").append(tool ? "tool_calls" : "stop").append("\"}]}\n\n");
        sb.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":2500,\"completion_tokens\":1000,\"total_tokens\":3500}}\n\n");
        sb.append("data: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public ModelResponse anthropicText1000Tokens() throws ModelException {
        return StreamDecoding.anthropic(new ByteArrayInputStream(anthropicText), "anthropic/claude-opus-4-5", StreamListener.NONE);
    }

    @Benchmark
    public ModelResponse anthropicToolArgs1000Tokens() throws ModelException {
        return StreamDecoding.anthropic(new ByteArrayInputStream(anthropicTool), "anthropic/claude-opus-4-5", StreamListener.NONE);
    }

    @Benchmark
    public ModelResponse openAiText1000Tokens() throws ModelException {
        return StreamDecoding.openAi(new ByteArrayInputStream(openAiText), "gpu/qwen2.5-72b", StreamListener.NONE);
    }

    @Benchmark
    public ModelResponse openAiToolArgs1000Tokens() throws ModelException {
        return StreamDecoding.openAi(new ByteArrayInputStream(openAiTool), "gpu/qwen2.5-72b", StreamListener.NONE);
    }
}
