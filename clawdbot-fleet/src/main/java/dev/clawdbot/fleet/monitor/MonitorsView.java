package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The monitors as a process without the monitor role sees them (the gateway of the split units): the config's and
 * the stored ones that are not paused, the config's winning a name both have, as the role runs them. The stored
 * rows are read again only when their change counter ({@code fleet_monitor_changes}) moved.
 */
public final class MonitorsView {
    private final List<MonitorSpec> config;
    private final StoredMonitors stored;
    private long seen = Long.MIN_VALUE;
    private List<MonitorSpec> specs = List.of();

    /** {@code seal}: opens the stored monitors' secrets, the role's key ({@code DATA/at-rest.key}). */
    public MonitorsView(Database db, MonitorsConfig config, SecretSeal seal, Clock clock) {
        this.config = List.copyOf(config.monitors());
        this.stored = new StoredMonitors(db, clock, seal);
    }

    /** The monitors the role runs (or would run), sorted by name. */
    public synchronized List<MonitorSpec> specs() {
        long version = stored.version();
        if (version != seen) {
            List<MonitorSpec> all = new ArrayList<>(config);
            for (StoredMonitors.Stored s : stored.all()) {
                boolean clash = config.stream().anyMatch(m -> m.name().equals(s.spec().name()));
                if (!clash && !s.paused()) all.add(s.spec());
            }
            all.sort(Comparator.comparing(MonitorSpec::name));
            specs = List.copyOf(all);
            seen = version;
        }
        return specs;
    }
}
