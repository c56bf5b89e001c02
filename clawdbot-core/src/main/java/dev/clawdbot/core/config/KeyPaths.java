package dev.clawdbot.core.config;

import java.util.List;

/** Writes a path of field names and list indexes the way a user reads it: {@code agents[1].name}. */
final class KeyPaths {

    private KeyPaths() {
    }

    static String format(List<?> path) {
        StringBuilder sb = new StringBuilder();
        for (Object e : path) {
            if (e instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(e);
            }
        }
        return sb.toString();
    }
}
