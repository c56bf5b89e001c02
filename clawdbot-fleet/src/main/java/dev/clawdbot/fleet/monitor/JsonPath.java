package dev.clawdbot.fleet.monitor;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The safe JSONPath subset the HTTP monitor needs: {@code $}, then {@code .name}, {@code ['name']} and
 * {@code [index]} steps — no filters, wildcards or recursion, so a lookup is one walk down Jackson's tree.
 */
record JsonPath(String text, List<Object> steps) {
    /** Parses {@code text}; errors name {@code key} and the column. */
    static JsonPath parse(String key, String text) {
        if (text.isEmpty() || text.charAt(0) != '$') throw new IllegalArgumentException(key + ": must start with $, was " + text);
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') end++;
                if (end == i + 1) throw error(key, text, i, "empty name");
                steps.add(text.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) throw error(key, text, i, "no closing ]");
                String inner = text.substring(i + 1, close);
                if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else if (!inner.isEmpty() && inner.length() <= 9 && inner.chars().allMatch(Character::isDigit)) {
                    steps.add(Integer.parseInt(inner));
                } else {
                    throw error(key, text, i, "need [index] or ['name']");
                }
                i = close + 1;
            } else {
                throw error(key, text, i, "expected . or [");
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    /** The node at this path, or null when a step is missing. */
    JsonNode find(JsonNode root) {
        JsonNode n = root;
        for (Object step : steps) {
            if (n == null) return null;
            n = step instanceof Integer idx ? (n.isArray() ? n.get(idx) : null) : (n.isObject() ? n.get((String) step) : null);
        }
        return n;
    }

    private static IllegalArgumentException error(String key, String text, int col, String problem) {
        return new IllegalArgumentException(key + ": column " + (col + 1) + ": " + problem + " in " + text);
    }
}
