package dev.clawdbot.guard.ml;

import com.fasterxml.jackson.databind.JsonNode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pure-Java reader for tokenizer.json files whose model is {@code WordLevel} or {@code WordPiece}, with
 * {@code Lowercase}/{@code BertNormalizer} normalisers and whitespace/BERT pre-tokenisation. It is the fallback when
 * the native tokenizer cannot load; Unigram and BPE models (DeBERTa v3, Llama Prompt Guard) need the native one.
 */
final class JavaTokenizer implements Tokenizer {

    private final Map<String, Long> vocab = new HashMap<>();
    private final boolean wordPiece;
    private final String continuing;
    private final long unk;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final int maxCharsPerWord;

    JavaTokenizer(JsonNode json) {
        JsonNode model = json.path("model");
        String type = model.path("type").asText();
        if (!type.equals("WordLevel") && !type.equals("WordPiece"))
            throw new IllegalArgumentException("the Java tokenizer reads WordLevel and WordPiece models only; this tokenizer.json has "
                    + (type.isEmpty() ? "no model type" : type) + " and needs the native tokenizer");
        wordPiece = type.equals("WordPiece");
        model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asLong()));
        String unkToken = model.path("unk_token").asText("[UNK]");
        if (!vocab.containsKey(unkToken)) throw new IllegalArgumentException("tokenizer.json: unk_token " + unkToken + " is not in the vocabulary");
        unk = vocab.get(unkToken);
        continuing = model.path("continuing_subword_prefix").asText("##");
        maxCharsPerWord = model.path("max_input_chars_per_word").asInt(100);
        JsonNode norm = json.path("normalizer");
        String nt = norm.path("type").asText("");
        boolean lc = nt.equals("Lowercase") || (nt.equals("BertNormalizer") && norm.path("lowercase").asBoolean(true));
        if (nt.equals("Sequence")) for (JsonNode n : norm.path("normalizers")) lc |= n.path("type").asText().equals("Lowercase");
        lowercase = lc;
        stripAccents = nt.equals("BertNormalizer") && norm.path("strip_accents").asBoolean(lc);
    }

    @Override
    public long[] ids(String text) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        if (stripAccents) t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{Mn}", "");
        List<Long> out = new ArrayList<>();
        for (String word : preTokenize(t)) {
            if (!wordPiece) {
                out.add(vocab.getOrDefault(word, unk));
            } else {
                pieces(word, out);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Greedy longest-match-first WordPiece, as BERT does it. */
    private void pieces(String word, List<Long> out) {
        if (word.length() > maxCharsPerWord) {
            out.add(unk);
            return;
        }
        List<Long> ids = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Long id = null;
            while (start < end) {
                String sub = (start > 0 ? continuing : "") + word.substring(start, end);
                id = vocab.get(sub);
                if (id != null) break;
                end--;
            }
            if (id == null) {
                out.add(unk);
                return;
            }
            ids.add(id);
            start = end;
        }
        out.addAll(ids);
    }

    /** Splits on whitespace and keeps each punctuation character as its own word. */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp)) {
                flush(cur, words);
            } else if (!Character.isLetterOrDigit(cp) && cp != '_') {
                flush(cur, words);
                words.add(Character.toString(cp));
            } else {
                cur.appendCodePoint(cp);
            }
        }
        flush(cur, words);
        return words;
    }

    private static void flush(StringBuilder cur, List<String> words) {
        if (!cur.isEmpty()) words.add(cur.toString());
        cur.setLength(0);
    }

    @Override
    public String kind() {
        return "java";
    }

    @Override
    public void close() {
    }
}
