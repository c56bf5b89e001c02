package dev.clawdbot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads one streamed chat completion. Tool calls are assembled by their {@code index} (parallel calls
 * interleave, arguments arrive in pieces); the reply is complete only when a {@code finish_reason} came and
 * then {@code [DONE]}, which is recognised as a marker and never handed to the JSON parser.
 */
final class OpenAiStreamDecoder {

    private static final class Call {
        String id;
        String name;
        final StringBuilder args = new StringBuilder();
    }

    private final OpenAiWire wire;
    private final String answeredAs;
    private final StreamListener listener;
    private final StringBuilder text = new StringBuilder();
    private final TreeMap<Integer, Call> calls = new TreeMap<>();
    private String finish;
    private Usage usage = Usage.ZERO;

    OpenAiStreamDecoder(OpenAiWire wire, String answeredAs, StreamListener listener) {
        this.wire = wire;
        this.answeredAs = answeredAs;
        this.listener = listener;
    }

    ModelResponse read(SseReader sse) throws IOException, StreamFault {
        SseReader.Event e;
        while ((e = sse.next()) != null) {
            String data = e.data().trim();
            if (data.equals("[DONE]")) {
                if (finish == null) throw new StreamFault(FaultKind.MISPLACED_DONE, "[DONE] came before any finish_reason");
                return finish();
            }
            if (data.startsWith("[DONE]") || data.endsWith("[DONE]")) {
                throw new StreamFault(FaultKind.MERGED_EVENTS, "a [DONE] marker is merged with other data");
            }
            ObjectNode chunk = StreamJson.object(data, "a stream chunk");
            if (chunk.has("error")) throw wire.classifyError(chunk.get("error"));
            if (chunk.hasNonNull("usage")) usage = OpenAiWire.usage(chunk.get("usage"));
            // Groq reports streamed usage under x_groq.
            else if (chunk.path("x_groq").hasNonNull("usage")) usage = OpenAiWire.usage(chunk.path("x_groq").get("usage"));
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) != 0) continue;
                JsonNode d = choice.path("delta");
                if (finish != null && (d.path("tool_calls").size() > 0 || !d.path("content").asText("").isEmpty())) {
                    throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "out-of-order stream: content after finish_reason");
                }
                delta(d);
                String f = StreamJson.text(choice, "finish_reason");
                if (f != null) finish = f;
            }
        }
        throw new StreamFault(FaultKind.INCOMPLETE_STREAM, finish == null
                ? "the stream ended without a finish_reason" + (calls.isEmpty() ? "" : " (inside a tool call)")
                : "the stream ended without [DONE]");
    }

    private void delta(JsonNode d) throws StreamFault {
        String t = StreamJson.text(d, "content");
        if (t != null && !t.isEmpty()) {
            text.append(t);
            listener.onTextDelta(t);
        }
        for (JsonNode tc : d.path("tool_calls")) {
            int index = tc.path("index").asInt(-1);
            if (index < 0) throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "out-of-order stream: a tool call delta without an index");
            Call c = calls.computeIfAbsent(index, i -> new Call());
            String id = StreamJson.text(tc, "id");
            if (id != null && !id.isEmpty()) c.id = id;
            JsonNode fn = tc.path("function");
            String name = StreamJson.text(fn, "name");
            if (name != null && !name.isEmpty()) {
                if (c.name != null && !c.name.equals(name)) {
                    throw new StreamFault(FaultKind.PROTOCOL_VIOLATION, "out-of-order stream: tool call " + index + " changed its name");
                }
                c.name = name;
            }
            String args = StreamJson.text(fn, "arguments");
            if (args != null) c.args.append(args);
        }
    }

    private ModelResponse finish() throws StreamFault {
        List<ContentBlock> blocks = new ArrayList<>();
        if (!text.isEmpty()) blocks.add(new ContentBlock.Text(text.toString()));
        for (var e : calls.entrySet()) {
            Call c = e.getValue();
            if (c.name == null) throw new StreamFault(FaultKind.BAD_TOOL_INPUT, "tool call " + e.getKey() + " has no function name");
            blocks.add(new ContentBlock.ToolUse(c.id == null ? "call_" + e.getKey() : c.id, c.name, StreamJson.toolInput(c.args.toString(), c.name)));
        }
        return new ModelResponse(answeredAs, blocks, OpenAiWire.finishReason(finish), usage);
    }
}
