package dev.clawdbot.guard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled JSONL: {@code {"text": ..., "label": 0|1|true|false, "category": ...}} per line, optionally
 * {@code "collection"} (the public set a row came from), {@code "group"} (the reporting group) and {@code "kind"}
 * (where the text reaches the agent from: user, email, web, tool, calendar, transcript); errors name file and line.
 */
record LabelledData(List<Row> rows) {

    /** {@code spanStart}/{@code spanEnd}: where a planted instruction sits in a document, -1 when unknown. */
    record Row(String text, boolean injection, String category, String collection, String group, String kind,
               int spanStart, int spanEnd) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static LabelledData read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--data " + file + ": no such file");
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": malformed JSON: " + e.getOriginalMessage());
                }
                if (n == null || !n.path("text").isTextual())
                    throw new IllegalArgumentException(file + ":" + lineNo + ": missing string field \"text\"");
                JsonNode label = n.path("label");
                boolean injection;
                if (label.isBoolean()) injection = label.asBoolean();
                else if (label.isInt() && (label.asInt() == 0 || label.asInt() == 1)) injection = label.asInt() == 1;
                else throw new IllegalArgumentException(file + ":" + lineNo + ": \"label\" must be 0, 1, true or false");
                String category = n.path("category").isTextual() ? n.get("category").asText() : (injection ? "injection" : "benign");
                String group = n.path("group").isTextual() ? n.get("group").asText() : (injection ? "injection" : "benign");
                String collection = n.path("collection").isTextual() ? n.get("collection").asText().split(":", 2)[0] : "-";
                String kind = n.path("kind").isTextual() ? n.get("kind").asText() : "user";
                JsonNode span = n.path("span");
                boolean hasSpan = span.isArray() && span.size() == 2 && span.get(0).isInt() && span.get(1).isInt();
                rows.add(new Row(n.get("text").asText(), injection, category, collection, group, kind,
                        hasSpan ? span.get(0).asInt() : -1, hasSpan ? span.get(1).asInt() : -1));
            }
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("--data " + file + ": no examples");
        return new LabelledData(List.copyOf(rows));
    }
}
