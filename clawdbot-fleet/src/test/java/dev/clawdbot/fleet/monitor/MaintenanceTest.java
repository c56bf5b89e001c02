package dev.clawdbot.fleet.monitor;

import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Maintenance windows in the ops engine's calendar syntax: checks go on, nothing is sent, uptime leaves them out. */
class MaintenanceTest extends MonitorFixture {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:58:00Z")); // a Sunday

    @Test
    void insideTheWindowChecksAreStoredButNothingIsSentAndUptimeLeavesThemOut() {
        MonitorSpec spec = MonitorTest.http("web", server.uri("/"), 2, 1, 0);
        Maintenance windows = new Maintenance(List.of(
                new MaintenanceWindow("sunday-patching", "Sun *-*-* 02:00:00", Duration.ofHours(1), List.of("web")),
                new MaintenanceWindow("other", "*-*-* 12:00:00", Duration.ofHours(1), List.of("db"))), ZoneInfo.utc());
        MonitorStore store = new MonitorStore(db);
        Monitor m = new Monitor(spec, Probe.of(spec, http, clock), store, notices::add, events::add, windows);
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.UP);
        server.status.set(503);
        clock.set(Instant.parse("2026-12-06T02:00:00Z"));
        for (int i = 0; i < 5; i++) {
            m.checkOnce();
            assertThat(m.state()).isEqualTo(MonitorState.MAINTENANCE);
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(notices).isEmpty();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("monitor.maintenance");
            assertThat(e.fields()).containsEntry("window", "sunday-patching");
        });
        assertThat(store.uptime("web", clock.instant()).day()).isEqualTo(100.0);

        clock.set(Instant.parse("2026-12-06T03:00:00Z")); // the window is [02:00, 03:00)
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.UP);
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        assertThat(notices).singleElement().satisfies(n -> assertThat(n.subject()).isEqualTo("Monitor web is DOWN"));
        assertThat(store.uptime("web", clock.instant()).day()).isEqualTo(100.0 / 3);

        clock.set(Instant.parse("2026-12-07T02:30:00Z")); // Monday: the window is Sundays only
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
    }

    @Test
    void windowsAreValidatedWithTheKeyNamed() {
        assertThatThrownBy(() -> new MaintenanceWindow("w", "Sun 25:00", Duration.ofHours(1), null))
                .hasMessageStartingWith("monitors.maintenance.w.calendar: ");
        assertThatThrownBy(() -> new MaintenanceWindow("w", "daily", Duration.ofSeconds(30), null))
                .hasMessage("monitors.maintenance.w.duration: need at least PT1M, was PT30S");
        MonitorSpec web = MonitorTest.http("web", server.uri("/"), 2, 1, 0);
        assertThatThrownBy(() -> new MonitorsConfig(null, List.of(web),
                List.of(new MaintenanceWindow("w", "daily", Duration.ofHours(1), List.of("nosuch"))), null, null))
                .hasMessage("monitors.maintenance.w.monitors: no monitor nosuch");
    }
}
