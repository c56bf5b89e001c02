package dev.clawdbot.channels;

import java.util.Map;

/**
 * Figures the admin bot reports, provided by the app: for {@code /status} (gateway, providers, sandbox
 * backend, queue depths, ...) and {@code /health} (component → "ok" or what is wrong). Keys and values
 * are shown as they are, in the order of the map.
 */
public interface AdminStatus {
    Map<String, String> status();

    Map<String, String> health();
}
