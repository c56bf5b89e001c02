package dev.clawdbot.siem.rules;

import java.util.HashMap;
import java.util.Map;

/** Wazuh's {@code <var name="X">value</var>}: {@code $X} in later element text is replaced by the value. */
final class Vars {
    private final Map<String, String> values = new HashMap<>();

    void define(String name, String value) {
        values.put(name, value);
    }

    String apply(String text) {
        if (values.isEmpty() || text.indexOf('$') < 0) return text;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && (i == 0 || text.charAt(i - 1) != '\\')) {
                int j = i + 1;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) j++;
                String v = values.get(text.substring(i + 1, j));
                if (v != null) {
                    out.append(v);
                    i = j;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
