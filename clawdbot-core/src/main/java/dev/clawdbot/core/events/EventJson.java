package dev.clawdbot.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clawdbot.core.config.SecretRedactor;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stable event line: {@code {"time","type","level","actor","fields"}}, time as ISO-8601 UTC, every string
 * inside {@code fields} passed through the redactor. Field values that Jackson cannot serialize are written
 * as their {@code toString()}, so one odd value never loses the event.
 */
final class EventJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private final SecretRedactor redactor;

    EventJson(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    /** Fixed width, millisecond precision, UTC: the text sorts as the instants do. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static String time(Event e) {
        return TIME.format(e.time());
    }

    /** The redacted fields object. */
    ObjectNode fields(Event e) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            JsonNode value;
            try {
                value = MAPPER.valueToTree(f.getValue());
            } catch (IllegalArgumentException ex) {
                value = TextNode.valueOf(String.valueOf(f.getValue()));
            }
            fields.set(redactor.redact(f.getKey()), redact(value));
        }
        return fields;
    }

    /** One line, ending in a newline. */
    byte[] line(Event e, ObjectNode fields) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("time", time(e));
        o.put("type", e.type());
        o.put("level", e.level());
        o.put("actor", redactor.redact(e.actor()));
        o.set("fields", fields);
        try {
            String json = MAPPER.writeValueAsString(o);
            return (json + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize a JSON tree", ex);
        }
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize a JSON tree", ex);
        }
    }

    static Map<String, Object> parseFields(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException ex) {
            return Map.of("unreadable", json);
        }
    }

    private JsonNode redact(JsonNode node) {
        if (node.isTextual()) {
            String r = redactor.redact(node.textValue());
            return r.equals(node.textValue()) ? node : TextNode.valueOf(r);
        }
        if (node instanceof ObjectNode o) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            o.properties().forEach(en -> out.set(redactor.redact(en.getKey()), redact(en.getValue())));
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(n -> out.add(redact(n)));
            return out;
        }
        return node;
    }
}
