package dev.clawdbot.siem.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Wazuh CDB list in its source form: one {@code key:value} (or {@code key:}) per line, a key with a colon
 * in double quotes. Wazuh compiles these to CDB files; here they are read into a hash map at load.
 */
record CdbList(String name, Map<String, String> entries) {

    static CdbList read(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String key;
            String value;
            if (line.startsWith("\"")) {
                int close = line.indexOf('"', 1);
                if (close < 0) throw new IOException(file + ": unterminated quoted key: " + line);
                key = line.substring(1, close);
                String rest = line.substring(close + 1);
                value = rest.startsWith(":") ? rest.substring(1) : "";
            } else {
                int colon = line.indexOf(':');
                key = colon < 0 ? line : line.substring(0, colon);
                value = colon < 0 ? "" : line.substring(colon + 1);
            }
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) value = value.substring(1, value.length() - 1);
            m.put(key, value);
        }
        return new CdbList(file.getFileName().toString(), Map.copyOf(m));
    }

    /** The value for {@code key}, or null when absent. */
    String get(String key) {
        return key == null ? null : entries.get(key);
    }

    /**
     * The value for an address: the exact key, else the longest key made of its leading octets
     * ({@code 192.168.1} covers {@code 192.168.1.0/24}), as Wazuh's address lookups allow.
     */
    String getAddress(String ip) {
        if (ip == null) return null;
        String v = entries.get(ip);
        String k = ip;
        while (v == null) {
            int dot = k.lastIndexOf('.');
            if (dot <= 0) return null;
            k = k.substring(0, dot);
            v = entries.get(k);
            if (v == null) v = entries.get(k + ".");
        }
        return v;
    }
}
