package dev.clawdbot.fleet.monitor;

import dev.clawdbot.fleet.webhook.WebhookTarget;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code monitors:} — uptime monitors. Works with no configuration: no monitors, nothing runs.
 *
 * @param enabled  false keeps the monitor role from checking anything
 * @param monitors    the monitors; names must be unique
 * @param maintenance recurring maintenance windows; names must be unique
 * @param webhooks    systems told about monitor events by Standard Webhooks; names must be unique
 * @param statusPage  the public status page (off by default)
 * @param push        the rate limits of the heartbeat URL {@code /api/push/<token>}
 */
public record MonitorsConfig(Boolean enabled, List<MonitorSpec> monitors, List<MaintenanceWindow> maintenance,
                             List<WebhookTarget> webhooks, StatusPageConfig statusPage, PushConfig push) {
    public MonitorsConfig(Boolean enabled, List<MonitorSpec> monitors) {
        this(enabled, monitors, null, null, null, null);
    }

    public MonitorsConfig(Boolean enabled, List<MonitorSpec> monitors, List<MaintenanceWindow> maintenance,
                          List<WebhookTarget> webhooks, StatusPageConfig statusPage) {
        this(enabled, monitors, maintenance, webhooks, statusPage, null);
    }

    public MonitorsConfig {
        enabled = enabled == null || enabled;
        monitors = monitors == null ? List.of() : List.copyOf(monitors);
        Set<String> names = new HashSet<>();
        for (MonitorSpec m : monitors) {
            if (!names.add(m.name())) throw new IllegalArgumentException("monitors: the name " + m.name() + " appears twice");
        }
        maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
        Set<String> windows = new HashSet<>();
        for (MaintenanceWindow w : maintenance) {
            if (!windows.add(w.name())) throw new IllegalArgumentException("monitors.maintenance: the name " + w.name() + " appears twice");
            for (String m : w.monitors()) {
                if (!names.contains(m)) throw new IllegalArgumentException("monitors.maintenance." + w.name() + ".monitors: no monitor " + m);
            }
        }
        statusPage = statusPage == null ? StatusPageConfig.defaults() : statusPage;
        push = push == null ? PushConfig.defaults() : push;
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        Set<String> hooks = new HashSet<>();
        for (WebhookTarget w : webhooks) {
            if (!hooks.add(w.name())) throw new IllegalArgumentException("monitors.webhooks: the name " + w.name() + " appears twice");
        }
    }

    /**
     * Checks that each SSH and CONTAINER monitor names a managed host.
     *
     * @throws IllegalArgumentException {@code monitors.monitors[i].host: no host named X in hosts:}
     */
    public void checkHosts(Set<String> managed) {
        for (int i = 0; i < monitors.size(); i++) {
            MonitorSpec m = monitors.get(i);
            String problem = unknownHost(m, managed);
            if (problem != null) throw new IllegalArgumentException("monitors.monitors[" + i + "]." + problem + " (monitor " + m.name() + ")");
        }
    }

    /**
     * {@code host: no host named X in hosts:} when {@code m} is an SSH or CONTAINER monitor whose host is not managed;
     * else null. The config loader and the store of the CLI and the API (StoreRules) both tell it so.
     */
    static String unknownHost(MonitorSpec m, Set<String> managed) {
        boolean onHost = m.type() == MonitorType.SSH || m.type() == MonitorType.CONTAINER;
        return onHost && !managed.contains(m.host()) ? "host: no host named " + m.host() + " in hosts:" : null;
    }

    public static MonitorsConfig defaults() {
        return new MonitorsConfig(null, null, null, null, null, null);
    }
}
