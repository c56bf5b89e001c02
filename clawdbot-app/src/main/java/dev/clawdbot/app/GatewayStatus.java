package dev.clawdbot.app;

import dev.clawdbot.channels.AdminStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin bot's {@code /status} and {@code /health}: live figures from the running server. */
final class GatewayStatus implements AdminStatus {

    private final Server server;

    GatewayStatus(Server server) {
        this.server = server;
    }

    @Override
    public Map<String, String> status() {
        return server.status();
    }

    @Override
    public Map<String, String> health() {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> problems = server.problems();
        m.put("ready", problems.isEmpty() ? "yes" : "no");
        for (int i = 0; i < problems.size(); i++) m.put("problem " + (i + 1), problems.get(i));
        return m;
    }
}
