package dev.clawdbot.guard;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Remembers which placeholder stands for which value, per conversation (a source's kind and label), so that
 * replies can be restored (LLM Guard's Anonymize/Deanonymize pair). Bounded: the least recently used
 * conversations are forgotten. Thread-safe.
 */
final class PiiVault {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z][A-Z0-9_]{0,30})_(\\d{1,6})]");
    private static final int MAX_VALUES = 10_000;

    private static final class Conversation {
        final Map<String, String> byValue = new HashMap<>();
        final Map<String, String> byPlaceholder = new HashMap<>();
        final Map<String, Integer> counters = new HashMap<>();
    }

    private final Map<String, Conversation> conversations;

    PiiVault(int maxConversations) {
        this.conversations = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Conversation> eldest) {
                return size() > maxConversations;
            }
        };
    }

    /** The placeholder for {@code value} of {@code type} in conversation {@code key}; the same value gets the same placeholder. */
    synchronized String placeholder(String key, String type, String value) {
        Conversation c = conversations.computeIfAbsent(key, k -> new Conversation());
        String existing = c.byValue.get(type + "\u0000" + value);
        if (existing != null) return existing;
        int n = c.counters.merge(type, 1, Integer::sum);
        String ph = "[" + type + "_" + n + "]";
        if (c.byValue.size() < MAX_VALUES) {
            c.byValue.put(type + "\u0000" + value, ph);
            c.byPlaceholder.put(ph, value);
        }
        return ph;
    }

    /** Replaces the placeholders this conversation knows with their values; unknown placeholders stay. */
    synchronized String restore(String key, String text) {
        Conversation c = conversations.get(key);
        if (c == null || c.byPlaceholder.isEmpty()) return text;
        // The text is model output: RE2/J, and the replacement is appended literally (no group references).
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(c.byPlaceholder.getOrDefault(m.group(), m.group()));
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }
}
