package dev.clawdbot.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** JSON helpers that classify parse failures into stream faults instead of throwing Jackson's exceptions. */
final class StreamJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StreamJson() {
    }

    /** Parses exactly one JSON object: trailing content means two events were merged into one. */
    static ObjectNode object(String text, String what) throws StreamFault {
        JsonNode node;
        try (JsonParser p = MAPPER.createParser(text)) {
            node = MAPPER.readTree(p);
            if (node == null) throw new StreamFault(FaultKind.MALFORMED_JSON, what + " is empty");
            JsonToken trailing;
            try {
                trailing = p.nextToken();
            } catch (IOException e) {
                trailing = JsonToken.NOT_AVAILABLE;
            }
            if (trailing != null) {
                throw new StreamFault(FaultKind.MERGED_EVENTS, what + " holds more than one JSON value (two events merged into one line)");
            }
        } catch (JsonEOFException e) {
            throw new StreamFault(FaultKind.TRUNCATED_JSON, what + " is truncated JSON");
        } catch (IOException e) {
            // Jackson reports some ends of input as mismatched input rather than JsonEOFException.
            if (String.valueOf(e.getMessage()).contains("end-of-input")) {
                throw new StreamFault(FaultKind.TRUNCATED_JSON, what + " is truncated JSON");
            }
            throw new StreamFault(FaultKind.MALFORMED_JSON, what + " is not valid JSON");
        }
        if (!(node instanceof ObjectNode o)) throw new StreamFault(FaultKind.MALFORMED_JSON, what + " is not a JSON object");
        return o;
    }

    /** A tool's input: an empty string is {@code {}}; anything else must be exactly one JSON object. */
    static ObjectNode toolInput(String raw, String toolName) throws StreamFault {
        if (raw == null || raw.isBlank()) return MAPPER.createObjectNode();
        try {
            return object(raw, "the input of tool call '" + toolName + "'");
        } catch (StreamFault f) {
            throw new StreamFault(FaultKind.BAD_TOOL_INPUT, f.getMessage());
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static long number(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.isNumber() ? 0 : v.asLong();
    }
}
