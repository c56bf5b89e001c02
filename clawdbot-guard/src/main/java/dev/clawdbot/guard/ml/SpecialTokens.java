package dev.clawdbot.guard.ml;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The special tokens a tokenizer.json's post-processor puts before and after a single sequence
 * ({@code TemplateProcessing}, {@code BertProcessing}, {@code RobertaProcessing}), and the padding id.
 */
record SpecialTokens(long[] prefix, long[] suffix, long padId) {

    static SpecialTokens of(JsonNode tokenizerJson) {
        JsonNode pp = tokenizerJson.path("post_processor");
        long pad = tokenizerJson.path("padding").path("pad_id").asLong(0);
        String type = pp.path("type").asText("");
        switch (type) {
            case "TemplateProcessing" -> {
                List<Long> before = new ArrayList<>(), after = new ArrayList<>();
                boolean seenSequence = false;
                for (JsonNode piece : pp.path("single")) {
                    if (piece.has("Sequence")) {
                        seenSequence = true;
                        continue;
                    }
                    String id = piece.path("SpecialToken").path("id").asText();
                    for (JsonNode n : pp.path("special_tokens").path(id).path("ids")) (seenSequence ? after : before).add(n.asLong());
                }
                return new SpecialTokens(toArray(before), toArray(after), pad);
            }
            case "BertProcessing", "RobertaProcessing" -> {
                return new SpecialTokens(new long[]{pp.path("cls").get(1).asLong()}, new long[]{pp.path("sep").get(1).asLong()}, pad);
            }
            default -> {
                return new SpecialTokens(new long[0], new long[0], pad);
            }
        }
    }

    private static long[] toArray(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }
}
