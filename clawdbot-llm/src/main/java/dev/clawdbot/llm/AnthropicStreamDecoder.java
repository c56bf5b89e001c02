package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one streamed Anthropic message and checks it as it goes: events in the documented order, deltas
 * only to the open block of the matching type, every tool input a JSON object, and {@code message_stop}
 * at the end. Anything else is a {@link StreamFault}; a reply is returned only when all of it held.
 */
final class AnthropicStreamDecoder {

    private final AnthropicWire wire;
    private final String answeredAs;
    private final StreamListener listener;

    private final List<ContentBlock> blocks = new ArrayList<>();
    private boolean started;
    private int openIndex = -1;
    private String openType;
    private String toolId;
    private String toolName;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder signature = new StringBuilder();
    private Usage usage = Usage.ZERO;
    private String stopReason;

    AnthropicStreamDecoder(AnthropicWire wire, String answeredAs, StreamListener listener) {
        this.wire = wire;
        this.answeredAs = answeredAs;
        this.listener = listener;
    }

    ModelResponse read(SseReader sse) throws IOException, StreamFault {
        SseReader.Event e;
        while ((e = sse.next()) != null) {
            if ("[DONE]".equals(e.data().trim())) {
                throw new StreamFault(FaultKind.MISPLACED_DONE, "an Anthropic stream carried an OpenAI-style [DONE] marker");
            }
            ObjectNode data = StreamJson.object(e.data(), "the data of a '" + e.name() + "' event");
            String type = StreamJson.text(data, "type");
            if (type == null) throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "a stream event has no type");
            if (!"message".equals(e.name()) && !e.name().equals(type)) {
                throw new StreamFault(FaultKind.MERGED_EVENTS, "event '" + e.name() + "' carries data of type '" + type + "'");
            }
            if (handle(type, data)) return finish();
        }
        throw new StreamFault(FaultKind.INCOMPLETE_STREAM, "the stream ended before message_stop"
                + (openIndex >= 0 ? " (inside a " + openType + " block)" : ""));
    }

    /** Handles one event; true when the message is complete. */
    private boolean handle(String type, ObjectNode data) throws StreamFault {
        if ("ping".equals(type)) return false;
        if ("error".equals(type)) throw wire.classifyError(data.path("error"));
        if (!started && !"message_start".equals(type)) {
            throw violation("'" + type + "' before message_start");
        }
        switch (type) {
            case "message_start" -> {
                if (started) throw violation("a second message_start");
                started = true;
                usage = AnthropicWire.usage(data.path("message").path("usage"), usage);
            }
            case "content_block_start" -> start(data);
            case "content_block_delta" -> delta(data);
            case "content_block_stop" -> stop(data);
            case "message_delta" -> {
                if (openIndex >= 0) throw violation("message_delta while block " + openIndex + " is open");
                String s = StreamJson.text(data.path("delta"), "stop_reason");
                if (s != null) stopReason = s;
                usage = AnthropicWire.usage(data.path("usage"), usage);
            }
            case "message_stop" -> {
                if (openIndex >= 0) throw violation("message_stop while block " + openIndex + " is open");
                if (stopReason == null) throw violation("message_stop without a stop_reason");
                return true;
            }
            default -> {
                // The API may add event types; unknown ones are skipped as its documentation asks.
            }
        }
        return false;
    }

    private void start(ObjectNode data) throws StreamFault {
        if (openIndex >= 0) throw violation("a block starts while block " + openIndex + " is open");
        int index = data.path("index").asInt(-1);
        if (index != blocks.size()) throw violation("block index " + index + " where " + blocks.size() + " was due");
        JsonNode cb = data.path("content_block");
        openType = StreamJson.text(cb, "type");
        if (openType == null) throw violation("a content block without a type");
        openIndex = index;
        text.setLength(0);
        signature.setLength(0);
        switch (openType) {
            case "text" -> text.append(cb.path("text").asText(""));
            case "tool_use" -> {
                toolId = StreamJson.text(cb, "id");
                toolName = StreamJson.text(cb, "name");
                if (toolId == null || toolName == null) throw new StreamFault(FaultKind.BAD_TOOL_INPUT, "a tool_use block lacks its id or name");
            }
            case "thinking" -> text.append(cb.path("thinking").asText(""));
            default -> { }
        }
    }

    private void delta(ObjectNode data) throws StreamFault {
        int index = data.path("index").asInt(-1);
        if (index != openIndex) throw violation("a delta for block " + index + " while block " + openIndex + " is open");
        JsonNode d = data.path("delta");
        String dt = StreamJson.text(d, "type");
        switch (dt == null ? "" : dt) {
            case "text_delta" -> {
                expect("text", dt);
                String t = d.path("text").asText("");
                text.append(t);
                if (!t.isEmpty()) listener.onTextDelta(t);
            }
            case "input_json_delta" -> {
                expect("tool_use", dt);
                text.append(d.path("partial_json").asText(""));
            }
            case "thinking_delta" -> {
                expect("thinking", dt);
                text.append(d.path("thinking").asText(""));
            }
            case "signature_delta" -> {
                expect("thinking", dt);
                signature.append(d.path("signature").asText(""));
            }
            default -> throw violation("unknown delta type '" + dt + "'");
        }
    }

    private void stop(ObjectNode data) throws StreamFault {
        int index = data.path("index").asInt(-1);
        if (index != openIndex) throw violation("content_block_stop for block " + index + " while block " + openIndex + " is open");
        switch (openType) {
            case "text" -> blocks.add(new ContentBlock.Text(text.toString()));
            case "tool_use" -> blocks.add(new ContentBlock.ToolUse(toolId, toolName, StreamJson.toolInput(text.toString(), toolName)));
            case "thinking" -> blocks.add(new ContentBlock.Thinking(text.toString(), signature.isEmpty() ? null : signature.toString()));
            // Block types this client does not model (e.g. redacted thinking) keep the index sequence intact.
            default -> blocks.add(new ContentBlock.Text(""));
        }
        openIndex = -1;
        openType = null;
    }

    private void expect(String blockType, String deltaType) throws StreamFault {
        if (!blockType.equals(openType)) throw violation(deltaType + " inside a " + openType + " block");
    }

    private ModelResponse finish() {
        List<ContentBlock> content = blocks.stream()
                .filter(b -> !(b instanceof ContentBlock.Text t) || !t.text().isEmpty()).toList();
        return new ModelResponse(answeredAs, content, AnthropicWire.stopReason(stopReason), usage);
    }

    private static StreamFault violation(String what) {
        return new StreamFault(FaultKind.PROTOCOL_VIOLATION, "out-of-order stream: " + what);
    }
}
