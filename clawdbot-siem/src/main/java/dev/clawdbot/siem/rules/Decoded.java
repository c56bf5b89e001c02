package dev.clawdbot.siem.rules;

import java.util.Map;

/**
 * The decoding of one line: the decoder's name as Wazuh reports it (the parent's, unless the child has
 * {@code use_own_name}), the parent's name, the decoder type (the category rules test) and the fields.
 */
record Decoded(String name, String parent, String type, Map<String, String> fields) {

    static final Decoded NONE = new Decoded(null, null, "syslog", Map.of());

    boolean present() {
        return name != null;
    }
}
