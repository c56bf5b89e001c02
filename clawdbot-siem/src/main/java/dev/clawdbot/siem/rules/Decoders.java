package dev.clawdbot.siem.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loaded decoders, run the way Wazuh runs them: the first top-level decoder whose {@code program_name}
 * and {@code prematch} hold wins; then its first child whose own conditions hold, followed by that child's
 * later siblings of the same name (Wazuh's "sibling decoders"), each adding the fields its regex captures.
 */
final class Decoders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Decoder> top;
    private final Map<String, List<Decoder>> children;

    Decoders(List<Decoder> all) {
        List<Decoder> t = new ArrayList<>();
        Map<String, List<Decoder>> c = new LinkedHashMap<>();
        for (Decoder d : all) {
            if (d.parent() == null) t.add(d);
            else c.computeIfAbsent(d.parent(), k -> new ArrayList<>()).add(d);
        }
        this.top = List.copyOf(t);
        this.children = c;
    }

    int size() {
        return top.size() + children.values().stream().mapToInt(List::size).sum();
    }

    /** Every decoder, top-level ones first. */
    List<Decoder> all() {
        List<Decoder> out = new ArrayList<>(top);
        children.values().forEach(out::addAll);
        return out;
    }

    boolean hasDecoder(String name) {
        return top.stream().anyMatch(d -> d.name().equals(name))
                || children.values().stream().flatMap(List::stream).anyMatch(d -> d.name().equals(name));
    }

    Decoded decode(Predecoded pre) {
        String log = pre.log();
        for (Decoder parent : top) {
            int parentEnd = head(parent, pre, log, 0);
            if (parentEnd < 0) continue;
            Map<String, String> fields = new LinkedHashMap<>();
            int lastRegexEnd = extract(parent, log, parentEnd, parentEnd, parentEnd, fields);
            String name = parent.name();
            List<Decoder> kids = children.getOrDefault(parent.name(), List.of());
            for (int i = 0; i < kids.size(); i++) {
                Decoder child = kids.get(i);
                // A child adds fields only once its regex matched: a failing one leaves the map as it was.
                int end = tryChild(child, pre, log, parentEnd, Math.max(lastRegexEnd, parentEnd), fields);
                if (end < 0) continue;
                if (child.useOwnName()) name = child.name();
                int previousEnd = end;
                for (int j = i + 1; j < kids.size(); j++) {
                    Decoder sibling = kids.get(j);
                    if (!sibling.name().equals(child.name())) continue;
                    int e = tryChild(sibling, pre, log, parentEnd, previousEnd, fields);
                    if (e < 0) continue;
                    previousEnd = e;
                }
                break;
            }
            return new Decoded(name, parent.name(), parent.type(), java.util.Collections.unmodifiableMap(fields));
        }
        return Decoded.NONE;
    }

    /** A child's prematch and regex both hold: the end of what it consumed; else -1. */
    private int tryChild(Decoder d, Predecoded pre, String log, int parentEnd, int previousRegexEnd, Map<String, String> fields) {
        int prematchEnd = head(d, pre, log, parentEnd);
        if (prematchEnd < 0) return -1;
        return extract(d, log, parentEnd, prematchEnd, previousRegexEnd, fields);
    }

    /**
     * Checks {@code program_name} and {@code prematch}: the absolute end of the prematch (or {@code base} when
     * there is none), or -1 when the decoder does not apply.
     */
    private static int head(Decoder d, Predecoded pre, String log, int parentEnd) {
        if (d.programName() != null && !d.programName().test(pre.programName())) return -1;
        if (d.prematch() == null) {
            return d.programName() == null && d.regex() == null && !d.json() ? -1 : parentEnd;
        }
        int from = Math.min(d.prematchOffset() == Decoder.Offset.AFTER_PARENT ? parentEnd : 0, log.length());
        if (d.prematch() instanceof TextPattern.OsRegexPattern p) {
            // Searched in place: a substring per decoder and line was a tenth of the decoding time.
            int[] m = p.regex().find(log, from);
            return m == null ? -1 : m[1];
        }
        TextPattern.Found f = d.prematch().find(log.substring(from));
        return f == null ? -1 : from + f.end();
    }

    /** Runs the regex (or the JSON plugin): the absolute end of the match, or -1 when a regex is given and fails. */
    private static int extract(Decoder d, String log, int parentEnd, int prematchEnd, int previousRegexEnd, Map<String, String> fields) {
        if (d.json()) {
            int from = d.prematchOffset() == Decoder.Offset.AFTER_PARENT ? parentEnd : 0;
            return json(log.substring(Math.min(from, log.length())), fields) ? log.length() : -1;
        }
        if (d.regex() == null) return prematchEnd;
        int from = switch (d.regexOffset()) {
            case NONE -> 0;
            case AFTER_PARENT -> parentEnd;
            case AFTER_PREMATCH -> prematchEnd;
            case AFTER_REGEX -> previousRegexEnd;
        };
        from = Math.min(from, log.length());
        if (d.regex() instanceof TextPattern.OsRegexPattern p) {
            int[] m = p.regex().find(log, from);
            if (m == null) return -1;
            for (int i = 0; i < p.regex().groups() && i < d.order().size(); i++) {
                int start = m[2 + 2 * i];
                int end = m[3 + 2 * i];
                // An empty or absent group sets nothing, as below.
                if (start >= 0 && end > start) fields.put(fieldName(d.order().get(i)), log.substring(start, end));
            }
            return m[1];
        }
        TextPattern.Found f = d.regex().find(log.substring(from));
        if (f == null) return -1;
        List<String> groups = f.groups();
        for (int i = 0; i < groups.size() && i < d.order().size(); i++) {
            String v = groups.get(i);
            if (v != null && !v.isEmpty()) fields.put(fieldName(d.order().get(i)), v);
        }
        return from + f.end();
    }

    /** Wazuh's {@code user} in an order is the destination user. */
    static String fieldName(String orderName) {
        return orderName.equals("user") ? "dstuser" : orderName;
    }

    private static boolean json(String text, Map<String, String> fields) {
        String t = text.strip();
        if (!t.startsWith("{")) return false;
        try {
            JsonNode node = JSON.readTree(t);
            if (!node.isObject()) return false;
            flatten("", node, fields);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) flatten(key, v, out);
            else if (v.isArray()) out.put(key, v.toString());
            else if (!v.isNull()) out.put(key, v.asText());
        }
    }
}
