package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.tool.ToolSpec;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAI Chat Completions wire format as vLLM, Ollama, llama.cpp, Groq, Azure and OpenAI speak it. */
final class OpenAiWire implements WireFormat {

    private final ProviderConfig config;

    OpenAiWire(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public URI endpoint() {
        return URI.create(config.baseUrl() + "/chat/completions");
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        if (config.apiKey() != null) h.put("authorization", "Bearer " + config.apiKey());
        return h;
    }

    @Override
    public byte[] requestBody(ModelRequest r, boolean stream) {
        ObjectNode root = StreamJson.MAPPER.createObjectNode();
        root.put("model", r.model());
        ArrayNode messages = root.putArray("messages");
        if (!r.system().isEmpty()) messages.addObject().put("role", "system").put("content", r.system());
        for (ChatMessage m : r.messages()) {
            if (m.role() == ChatMessage.Role.USER) user(messages, m);
            else assistant(messages, m);
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode f = tools.addObject().put("type", "function").putObject("function");
                f.put("name", t.name());
                f.put("description", t.description());
                f.set("parameters", t.inputSchema());
            }
        }
        root.put("max_tokens", r.maxTokens());
        if (!r.stopSequences().isEmpty()) {
            ArrayNode stops = root.putArray("stop");
            r.stopSequences().forEach(stops::add);
        }
        if (r.temperature() != null) root.put("temperature", r.temperature());
        if (stream) {
            root.put("stream", true);
            root.putObject("stream_options").put("include_usage", true);
        }
        try {
            return StreamJson.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request", e);
        }
    }

    private static void user(ArrayNode messages, ChatMessage m) {
        // Tool results must directly follow the assistant message that made the calls.
        for (ContentBlock b : m.content()) {
            if (b instanceof ContentBlock.ToolResult res) {
                String content = res.isError() ? "ERROR: " + res.content() : res.content();
                messages.addObject().put("role", "tool").put("tool_call_id", res.toolUseId()).put("content", content);
            }
        }
        String text = m.text();
        if (!text.isEmpty()) messages.addObject().put("role", "user").put("content", text);
    }

    private static void assistant(ArrayNode messages, ChatMessage m) {
        ObjectNode msg = StreamJson.MAPPER.createObjectNode().put("role", "assistant");
        String text = m.text();
        if (text.isEmpty()) msg.putNull("content");
        else msg.put("content", text);
        ArrayNode calls = null;
        for (ContentBlock b : m.content()) {
            if (b instanceof ContentBlock.ToolUse u) {
                if (calls == null) calls = msg.putArray("tool_calls");
                ObjectNode c = calls.addObject().put("id", u.id()).put("type", "function");
                c.putObject("function").put("name", u.name()).put("arguments", u.input().toString());
            }
        }
        if (calls != null || !text.isEmpty()) messages.add(msg);
    }

    @Override
    public ModelResponse decodeStream(SseReader sse, String answeredAs, StreamListener listener) throws StreamFault, IOException {
        return new OpenAiStreamDecoder(this, answeredAs, listener).read(sse);
    }

    @Override
    public ModelResponse decodeBody(String body, String answeredAs) throws StreamFault {
        ObjectNode root = StreamJson.object(body, "the response body");
        if (root.has("error")) throw classifyError(root.get("error"));
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "the response has no choices");
        JsonNode msg = choice.path("message");
        List<ContentBlock> blocks = new ArrayList<>();
        String text = StreamJson.text(msg, "content");
        if (text != null && !text.isEmpty()) blocks.add(new ContentBlock.Text(text));
        int i = 0;
        for (JsonNode c : msg.path("tool_calls")) {
            String name = StreamJson.text(c.path("function"), "name");
            if (name == null) throw new StreamFault(FaultKind.BAD_TOOL_INPUT, "a tool call has no function name");
            String id = StreamJson.text(c, "id");
            blocks.add(new ContentBlock.ToolUse(id == null ? "call_" + i : id, name,
                    StreamJson.toolInput(StreamJson.text(c.path("function"), "arguments"), name)));
            i++;
        }
        String finish = StreamJson.text(choice, "finish_reason");
        if (finish == null) throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "the choice has no finish_reason");
        return new ModelResponse(answeredAs, blocks, finishReason(finish), usage(root.path("usage")));
    }

    static ModelResponse.StopReason finishReason(String s) {
        return switch (s) {
            case "stop" -> ModelResponse.StopReason.END_TURN;
            case "length" -> ModelResponse.StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> ModelResponse.StopReason.TOOL_USE;
            case "content_filter" -> ModelResponse.StopReason.REFUSAL;
            default -> ModelResponse.StopReason.OTHER;
        };
    }

    /** OpenAI counts cached tokens inside prompt_tokens; they are split out to match Anthropic's accounting. */
    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) return Usage.ZERO;
        long prompt = StreamJson.number(u, "prompt_tokens");
        long cached = StreamJson.number(u.path("prompt_tokens_details"), "cached_tokens");
        return new Usage(Math.max(0, prompt - cached), StreamJson.number(u, "completion_tokens"), cached, 0);
    }

    @Override
    public StreamFault classifyError(JsonNode error) {
        String type = error.isObject() ? StreamJson.text(error, "type") : null;
        String code = error.isObject() ? StreamJson.text(error, "code") : null;
        String message = error.isObject() ? StreamJson.text(error, "message") : error.asText();
        String t = type == null ? code == null ? "" : code : type;
        ModelException.Kind kind = switch (t) {
            case "rate_limit_exceeded", "rate_limit_error", "insufficient_quota" -> ModelException.Kind.RATE_LIMITED;
            case "invalid_request_error", "BadRequestError", "context_length_exceeded" -> ModelException.Kind.BAD_REQUEST;
            case "authentication_error", "invalid_api_key" -> ModelException.Kind.AUTH;
            case "overloaded_error", "server_overloaded" -> ModelException.Kind.OVERLOADED;
            default -> ModelException.Kind.SERVER_ERROR;
        };
        String m = message == null ? "" : message.length() > 300 ? message.substring(0, 300) + "..." : message;
        return new StreamFault(FaultKind.ERROR_EVENT, kind, "the provider reported " + (t.isEmpty() ? "an error" : t) + (m.isEmpty() ? "" : ": " + m));
    }
}
