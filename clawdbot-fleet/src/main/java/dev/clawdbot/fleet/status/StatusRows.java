package dev.clawdbot.fleet.status;

import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.fleet.monitor.MonitorSpec;
import dev.clawdbot.fleet.monitor.MonitorState;
import dev.clawdbot.fleet.monitor.MonitorStore;
import dev.clawdbot.fleet.monitor.MonitorsView;
import dev.clawdbot.fleet.monitor.StatusPageConfig;
import dev.clawdbot.fleet.monitor.Uptime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The status page's rows, public monitors only, the latest 40 checks each: from the running monitor role, or from
 * the database the role writes when it runs in another process.
 */
public final class StatusRows {
    static final int SPARK_CHECKS = 40;

    private StatusRows() {
    }

    /** What a row is made of; {@code warning} may be null. */
    private interface Source {
        List<MonitorSpec> specs();

        MonitorState state(String name);

        String warning(String name);

        MonitorStore store();

        Uptime uptime(String name);
    }

    /** From the monitor role in this process. */
    public static String page(StatusPageConfig config, MonitorRole role, Clock clock) {
        return page(config, new Source() {
            public List<MonitorSpec> specs() { return role.specs(); }
            public MonitorState state(String name) { return role.state(name); }
            public String warning(String name) { return role.warning(name); }
            public MonitorStore store() { return role.store(); }
            public Uptime uptime(String name) { return role.uptime(name); }
        }, clock);
    }

    /**
     * From the database, for a gateway whose process has no monitor role: the state the role left there
     * ({@link MonitorStore#settled}); a certificate warning is not stored, so an UP row shows none.
     */
    public static String page(StatusPageConfig config, MonitorsView view, MonitorStore store, Clock clock) {
        return page(config, new Source() {
            public List<MonitorSpec> specs() { return view.specs(); }
            public MonitorState state(String name) { return store.settled(name); }
            public String warning(String name) { return null; }
            public MonitorStore store() { return store; }
            public Uptime uptime(String name) { return store.uptime(name, clock.instant()); }
        }, clock);
    }

    private static String page(StatusPageConfig config, Source role, Clock clock) {
        List<StatusPage.Row> rows = new ArrayList<>();
        for (MonitorSpec s : role.specs()) {
            if (!s.shown()) continue;
            MonitorState state = role.state(s.name());
            List<MonitorStore.Check> recent = role.store().recent(s.name(), SPARK_CHECKS);
            List<Long> ms = new ArrayList<>();
            for (int i = recent.size() - 1; i >= 0; i--) ms.add(recent.get(i).up() ? recent.get(i).latencyMs() : -1L);
            String cause = recent.isEmpty() || recent.getFirst().up() ? null : recent.getFirst().cause();
            Uptime u = role.uptime(s.name());
            String shownState = state == null ? "PENDING" : state.name();
            // The warning (certificate expiring) is shown under UP only: DOWN shows its cause instead.
            if (state == MonitorState.UP) cause = role.warning(s.name());
            rows.add(new StatusPage.Row(s.name(), shownState, u.day(), u.month(), cause, ms));
        }
        return StatusPage.render(config.title(), rows, clock.instant());
    }
}
