package dev.clawdbot.testkit.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Reply} in the two wire formats, streamed (SSE event data) or as one JSON body. */
final class FakeWire {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Real APIs never reuse a tool-call id across replies; neither does the fake. */
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
    static final int TEXT_CHUNK = 8;
    static final int ARGS_CHUNK = 5;

    /** One SSE event: a name (null for OpenAI's unnamed events) and its data. */
    record Sse(String name, String data) {
        String render() {
            return (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
        }
    }

    private FakeWire() {
    }

    private static final java.util.Map<Reply, Long> REPLY_IDS = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** A stable id per (reply, index): the streaming and the JSON form of one reply agree, different replies never collide. */
    static String callId(Reply r, int i) {
        return "call_fake_" + REPLY_IDS.computeIfAbsent(r, k -> IDS.incrementAndGet()) + "_" + i;
    }

    static long outputTokens(Reply r) {
        long chars = r.text().length();
        for (Reply.ToolCall c : r.toolCalls()) chars += c.name().length() + c.jsonArgs().length();
        return Math.max(1, chars / 4);
    }

    static List<String> chunks(String s, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i += size) out.add(s.substring(i, Math.min(s.length(), i + size)));
        return out;
    }

    // ---- Anthropic Messages ----

    static List<Sse> anthropicStream(Reply r, String model, long inputTokens) {
        List<Sse> ev = new ArrayList<>();
        ObjectNode start = MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message").put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", model);
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        ev.add(new Sse("message_start", start.toString()));
        int index = 0;
        if (!r.text().isEmpty()) {
            ev.add(new Sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
            ev.add(new Sse("ping", "{\"type\": \"ping\"}"));
            for (String c : chunks(r.text(), TEXT_CHUNK)) {
                ObjectNode d = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", 0);
                d.putObject("delta").put("type", "text_delta").put("text", c);
                ev.add(new Sse("content_block_delta", d.toString()));
            }
            ev.add(new Sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
            index++;
        }
        for (Reply.ToolCall call : r.toolCalls()) {
            ObjectNode s = MAPPER.createObjectNode().put("type", "content_block_start").put("index", index);
            s.putObject("content_block").put("type", "tool_use").put("id", "toolu_fake_" + IDS.incrementAndGet()).put("name", call.name()).putObject("input");
            ev.add(new Sse("content_block_start", s.toString()));
            List<String> pieces = new ArrayList<>(List.of(""));
            pieces.addAll(chunks(call.jsonArgs(), ARGS_CHUNK));
            for (String p : pieces) {
                ObjectNode d = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", p);
                ev.add(new Sse("content_block_delta", d.toString()));
            }
            ev.add(new Sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
            index++;
        }
        ObjectNode md = MAPPER.createObjectNode().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", r.toolCalls().isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", outputTokens(r));
        ev.add(new Sse("message_delta", md.toString()));
        ev.add(new Sse("message_stop", "{\"type\":\"message_stop\"}"));
        return ev;
    }

    static String anthropicBody(Reply r, String model, long inputTokens) {
        ObjectNode m = MAPPER.createObjectNode().put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = m.putArray("content");
        if (!r.text().isEmpty()) content.addObject().put("type", "text").put("text", r.text());
        for (Reply.ToolCall call : r.toolCalls()) {
            ObjectNode t = content.addObject().put("type", "tool_use").put("id", "toolu_fake_" + IDS.incrementAndGet()).put("name", call.name());
            try {
                t.set("input", MAPPER.readTree(call.jsonArgs()));
            } catch (Exception e) {
                t.put("input", call.jsonArgs());
            }
        }
        m.put("stop_reason", r.toolCalls().isEmpty() ? "end_turn" : "tool_use");
        m.putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens(r))
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return m.toString();
    }

    static String anthropicError(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        ObjectNode o = MAPPER.createObjectNode().put("type", "error");
        o.putObject("error").put("type", type).put("message", message == null ? "fake " + type : message);
        return o.toString();
    }

    // ---- OpenAI Chat Completions ----

    private static ObjectNode chunk(String model) {
        return MAPPER.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L).put("model", model);
    }

    static List<Sse> openAiStream(Reply r, String model, long inputTokens, boolean includeUsage) {
        List<Sse> ev = new ArrayList<>();
        ObjectNode first = chunk(model);
        first.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put("role", "assistant").put("content", "");
        ev.add(new Sse(null, first.toString()));
        for (String c : chunks(r.text(), TEXT_CHUNK)) {
            ObjectNode o = chunk(model);
            o.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", c);
            ev.add(new Sse(null, o.toString()));
        }
        List<List<String>> pieces = new ArrayList<>();
        for (int i = 0; i < r.toolCalls().size(); i++) {
            Reply.ToolCall call = r.toolCalls().get(i);
            ObjectNode o = chunk(model);
            ObjectNode tc = o.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta").putArray("tool_calls").addObject();
            tc.put("index", i).put("id", callId(r, i)).put("type", "function").putObject("function").put("name", call.name()).put("arguments", "");
            ev.add(new Sse(null, o.toString()));
            pieces.add(chunks(call.jsonArgs(), ARGS_CHUNK));
        }
        // Interleave the argument pieces of parallel calls, as servers do, so only the index keeps them apart.
        for (int round = 0; ; round++) {
            boolean any = false;
            for (int i = 0; i < pieces.size(); i++) {
                if (round >= pieces.get(i).size()) continue;
                any = true;
                ObjectNode o = chunk(model);
                o.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
                        .putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", pieces.get(i).get(round));
                ev.add(new Sse(null, o.toString()));
            }
            if (!any) break;
        }
        ObjectNode fin = chunk(model);
        fin.putArray("choices").addObject().put("index", 0).put("finish_reason", r.toolCalls().isEmpty() ? "stop" : "tool_calls").putObject("delta");
        ev.add(new Sse(null, fin.toString()));
        if (includeUsage) {
            ObjectNode u = chunk(model);
            u.putArray("choices");
            long out = outputTokens(r);
            u.putObject("usage").put("prompt_tokens", inputTokens).put("completion_tokens", out).put("total_tokens", inputTokens + out);
            ev.add(new Sse(null, u.toString()));
        }
        ev.add(new Sse(null, "[DONE]"));
        return ev;
    }

    static String openAiBody(Reply r, String model, long inputTokens) {
        ObjectNode o = MAPPER.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", model);
        ObjectNode choice = o.putArray("choices").addObject().put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant");
        if (r.text().isEmpty()) msg.putNull("content");
        else msg.put("content", r.text());
        if (!r.toolCalls().isEmpty()) {
            ArrayNode calls = msg.putArray("tool_calls");
            for (int i = 0; i < r.toolCalls().size(); i++) {
                Reply.ToolCall c = r.toolCalls().get(i);
                calls.addObject().put("id", callId(r, i)).put("type", "function")
                        .putObject("function").put("name", c.name()).put("arguments", c.jsonArgs());
            }
        }
        choice.put("finish_reason", r.toolCalls().isEmpty() ? "stop" : "tool_calls");
        long out = outputTokens(r);
        o.putObject("usage").put("prompt_tokens", inputTokens).put("completion_tokens", out).put("total_tokens", inputTokens + out);
        return o.toString();
    }

    static String openAiError(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_exceeded";
            default -> "server_error";
        };
        ObjectNode o = MAPPER.createObjectNode();
        o.putObject("error").put("message", message == null ? "fake " + type : message).put("type", type).putNull("param").putNull("code");
        return o.toString();
    }
}
