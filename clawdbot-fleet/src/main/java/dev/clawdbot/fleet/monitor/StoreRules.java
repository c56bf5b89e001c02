package dev.clawdbot.fleet.monitor;

import java.util.Set;

/**
 * What the CLI and the HTTP API check before they store a monitor or a maintenance window, beyond the record's own
 * validation: the same rules and messages as the config loader, so a stored monitor cannot name a host the config
 * would have refused, and a window cannot cover a monitor that does not exist.
 */
public final class StoreRules {
    private StoreRules() {
    }

    /**
     * An SSH or CONTAINER monitor must name a managed host.
     *
     * @throws StoredMonitors.InvalidSpec {@code monitors.NAME.host: no host named X in hosts:}, field {@code host}
     */
    public static void checkHost(MonitorSpec spec, Set<String> managed) {
        String problem = MonitorsConfig.unknownHost(spec, managed);
        if (problem != null) throw new StoredMonitors.InvalidSpec("monitors." + spec.name() + "." + problem, "host");
    }

    /** The name of a window in the config file, which the CLI and the API cannot change. */
    public static boolean configWindow(MonitorsConfig config, String name) {
        return config.maintenance().stream().anyMatch(w -> w.name().equals(name));
    }

    /** The name of a monitor in the config file. */
    public static boolean configMonitor(MonitorsConfig config, String name) {
        return config.monitors().stream().anyMatch(m -> m.name().equals(name));
    }

    /**
     * Every monitor a window covers exists, in the config or the store.
     *
     * @throws StoredMonitors.InvalidSpec {@code monitors.maintenance.W.monitors: no monitor M}, field {@code monitors}
     */
    public static void checkWindow(MaintenanceWindow w, MonitorsConfig config, StoredMonitors stored) {
        for (String m : w.monitors()) {
            if (!configMonitor(config, m) && stored.get(m) == null) {
                throw new StoredMonitors.InvalidSpec("monitors.maintenance." + w.name() + ".monitors: no monitor " + m, "monitors");
            }
        }
    }
}
