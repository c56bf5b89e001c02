package dev.clawdbot.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.config.SecretRedactor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The directly written event line is byte for byte what Jackson writes for the same tree, for any content. */
class EventJsonTest {

    static LongStream seeds() {
        return LongStream.range(1, 101);
    }

    private static String randomText(Random rnd) {
        String alphabet = "aZ9 \"\\/\n\r\t\u0000\u001f\u007f\u00e9\u2028\u2029\ud83d\ude00<>&'{}[]:,";
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(20);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(alphabet.length());
            char c = alphabet.charAt(k);
            if (Character.isHighSurrogate(c)) sb.append(c).append(alphabet.charAt(k + 1));
            else if (!Character.isLowSurrogate(c)) sb.append(c);
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void lineEqualsTheTreeSerialisation(long seed) throws Exception {
        Random rnd = new Random(seed);
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("sekrit-value-123");
        Event e = new Event(Instant.ofEpochMilli(rnd.nextLong(0, 4_000_000_000_000L)), "t." + randomText(rnd), rnd.nextInt(16),
                randomText(rnd) + "sekrit-value-123", Event.pairs(
                "s", randomText(rnd) + "sekrit-value-123", "i", rnd.nextInt(), "l", rnd.nextLong(), "b", rnd.nextBoolean(),
                "n", null, "d", rnd.nextDouble(), "dur", Duration.ofMillis(rnd.nextInt(100_000)), randomText(rnd), "k",
                "list", List.of(randomText(rnd), "sekrit-value-123", 3), "map", Map.of("x", randomText(rnd))));
        EventJson json = new EventJson(redactor);
        String fields = json.fields(e);
        String line = new String(json.line(e, fields), StandardCharsets.UTF_8);

        ObjectNode expectedFields = EventJson.MAPPER.createObjectNode();
        for (var f : e.fields().entrySet()) {
            JsonNode v = EventJson.MAPPER.valueToTree(f.getValue());
            String text = EventJson.MAPPER.writeValueAsString(v).replace("sekrit-value-123", SecretRedactor.MASK);
            expectedFields.set(redactor.redact(f.getKey()), EventJson.MAPPER.readTree(text));
        }
        ObjectNode expected = EventJson.MAPPER.createObjectNode();
        expected.put("time", EventJson.time(e));
        expected.put("type", e.type());
        expected.put("level", e.level());
        expected.put("actor", redactor.redact(e.actor()));
        expected.set("fields", expectedFields);
        assertThat(line).isEqualTo(EventJson.MAPPER.writeValueAsString(expected) + "\n");
        assertThat(line).doesNotContain("sekrit-value-123").endsWith("}\n");
        assertThat(fields).isEqualTo(EventJson.MAPPER.writeValueAsString(expectedFields));
    }
}
