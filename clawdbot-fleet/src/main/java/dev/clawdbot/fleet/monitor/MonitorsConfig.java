package dev.clawdbot.fleet.monitor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code monitors:} — uptime monitors. Works with no configuration: no monitors, nothing runs.
 *
 * @param enabled  false keeps the monitor role from checking anything
 * @param monitors the monitors; names must be unique
 */
public record MonitorsConfig(Boolean enabled, List<MonitorSpec> monitors) {
    public MonitorsConfig {
        enabled = enabled == null || enabled;
        monitors = monitors == null ? List.of() : List.copyOf(monitors);
        Set<String> names = new HashSet<>();
        for (MonitorSpec m : monitors) {
            if (!names.add(m.name())) throw new IllegalArgumentException("monitors: the name " + m.name() + " appears twice");
        }
    }

    public static MonitorsConfig defaults() {
        return new MonitorsConfig(null, null);
    }
}
