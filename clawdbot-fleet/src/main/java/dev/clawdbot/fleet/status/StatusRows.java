package dev.clawdbot.fleet.status;

import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.fleet.monitor.MonitorSpec;
import dev.clawdbot.fleet.monitor.MonitorState;
import dev.clawdbot.fleet.monitor.StatusPageConfig;
import dev.clawdbot.fleet.monitor.MonitorStore;
import dev.clawdbot.fleet.monitor.Uptime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The status page's rows from the running monitor role: public monitors only, the latest 40 checks each. */
public final class StatusRows {
    static final int SPARK_CHECKS = 40;

    private StatusRows() {
    }

    public static String page(StatusPageConfig config, MonitorRole role, Clock clock) {
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
