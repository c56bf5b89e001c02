package dev.clawdbot.core.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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

import java.io.IOException;
import java.io.StringWriter;
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

    /**
     * The redacted fields object as JSON text. Strings, integers, booleans and nulls (nearly every field) are
     * written straight to the generator; anything else goes through a tree so that it can be redacted inside.
     */
    String fields(Event e) {
        StringWriter out = new StringWriter(64 + 24 * e.fields().size());
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> f : e.fields().entrySet()) {
                g.writeFieldName(redactor.redact(f.getKey()));
                switch (f.getValue()) {
                    case null -> g.writeNull();
                    case String s -> g.writeString(redactor.redact(s));
                    case Integer i -> g.writeNumber(i);
                    case Long l -> g.writeNumber(l);
                    case Boolean b -> g.writeBoolean(b);
                    default -> g.writeTree(redact(tree(f.getValue())));
                }
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot serialize event fields", ex);
        }
        return out.toString();
    }

    /** One line, ending in a newline, around the already serialized {@code fields}. */
    byte[] line(Event e, String fields) {
        StringBuilder sb = new StringBuilder(fields.length() + 96);
        sb.append("{\"time\":\"").append(time(e)).append("\",\"type\":");
        quoted(sb, e.type());
        sb.append(",\"level\":").append(e.level()).append(",\"actor\":");
        quoted(sb, redactor.redact(e.actor()));
        sb.append(",\"fields\":").append(fields).append("}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quoted(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }

    private static JsonNode tree(Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException ex) {
            return TextNode.valueOf(String.valueOf(value));
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
