package dev.clawdbot.agent.doctor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a JSONL file into physical lines and classifies each: a good record, a blank line, a line that held
 * recoverable records (merged records, NUL runs), or a line with nothing recoverable.
 */
final class JsonlLines {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_SPLIT_ATTEMPTS = 10_000;

    enum Status { GOOD, BLANK, REPAIRED, BAD }

    /**
     * One physical line: its 1-based number, byte range (without the newline), whether a newline ended it, its
     * status, the records kept from it (text and parsed), the fragments to quarantine, and its NUL byte count.
     */
    record Line(int number, int start, int end, boolean terminated, Status status, List<String> kept, List<JsonNode> records,
                List<String> bad, int nulBytes, boolean merged) {
    }

    private JsonlLines() {
    }

    static List<Line> split(byte[] bytes) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        int number = 1;
        while (start < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', start);
            boolean terminated = nl >= 0;
            int end = terminated ? nl : bytes.length;
            out.add(classify(number++, bytes, start, end, terminated));
            start = end + 1;
        }
        return out;
    }

    private static Line classify(int number, byte[] bytes, int start, int end, boolean terminated) {
        String raw = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        int nuls = 0;
        for (int i = start; i < end; i++) if (bytes[i] == 0) nuls++;
        String s = nuls > 0 ? raw.replace("\0", "") : raw;
        if (s.isBlank()) {
            return new Line(number, start, end, terminated, nuls > 0 ? Status.BAD : Status.BLANK, List.of(), List.of(), List.of(), nuls, false);
        }
        List<String> whole = objects(s);
        if (whole != null && whole.size() == 1 && nuls == 0) {
            return new Line(number, start, end, terminated, Status.GOOD, List.of(raw), parse(whole), List.of(), 0, false);
        }
        if (whole != null) {
            return new Line(number, start, end, terminated, Status.REPAIRED, whole, parse(whole), List.of(), nuls, whole.size() > 1);
        }
        int attempts = 0;
        for (int i = s.indexOf('{', 1); i > 0 && attempts++ < MAX_SPLIT_ATTEMPTS; i = s.indexOf('{', i + 1)) {
            List<String> tail = objects(s.substring(i));
            if (tail == null) continue;
            String prefix = s.substring(0, i);
            List<String> head = objects(prefix);
            List<String> kept = new ArrayList<>();
            if (head != null) kept.addAll(head);
            kept.addAll(tail);
            List<String> bad = head == null && !prefix.isBlank() ? List.of(prefix) : List.of();
            return new Line(number, start, end, terminated, Status.REPAIRED, kept, parse(kept), bad, nuls, true);
        }
        return new Line(number, start, end, terminated, Status.BAD, List.of(), List.of(), List.of(s), nuls, false);
    }

    /** The successive JSON objects that make up {@code s} exactly (whitespace aside), or null if it is anything else. */
    static List<String> objects(String s) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = MAPPER.getFactory().createParser(s)) {
            while (true) {
                JsonToken t = p.nextToken();
                if (t == null) break;
                if (t != JsonToken.START_OBJECT) return null;
                int from = (int) p.currentTokenLocation().getCharOffset();
                MAPPER.readTree(p);
                int to = (int) p.currentLocation().getCharOffset();
                out.add(s.substring(from, to));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return out.isEmpty() ? null : out;
    }

    private static List<JsonNode> parse(List<String> texts) {
        List<JsonNode> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(MAPPER.readTree(t));
            } catch (IOException e) {
                throw new IllegalStateException("re-parse of a checked record failed", e);
            }
        }
        return out;
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == v) return i;
        return -1;
    }
}
