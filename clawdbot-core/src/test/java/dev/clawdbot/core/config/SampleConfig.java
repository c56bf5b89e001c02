package dev.clawdbot.core.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A config shaped like the modules' ones: nested records, lists, maps, enums, durations and a validated port. */
record SampleConfig(Gateway gateway, List<Agent> agents, Map<String, Limits> limits, Level level,
                    Duration timeout, Instant since, String name) {

    SampleConfig {
        gateway = gateway == null ? new Gateway(null, null, null, null) : gateway;
        agents = agents == null ? List.of() : List.copyOf(agents);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        level = level == null ? Level.LOW : level;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        name = name == null ? "clawdbot" : name;
    }

    enum Level { LOW, MEDIUM, HIGH }

    record Gateway(String host, Integer port, String token, Duration idle) {
        Gateway {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 8787 : port;
            idle = idle == null ? Duration.ofMinutes(5) : idle;
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    record Agent(String name, String model, List<String> tools) {
    }

    record Limits(Integer maxTurns, Boolean enabled) {
    }
}
