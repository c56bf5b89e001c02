package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MonitorRoleTest {
    @TempDir
    Path dir;

    @Test
    void runsMonitorsOnTheirScheduleAndNotifiesTransitions() throws Exception {
        List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
        List<Event> events = new CopyOnWriteArrayList<>();
        try (Database db = Database.sqlite(dir.resolve("fleet.db")); TestServers server = new TestServers()) {
            MonitorSpec spec = MonitorSpec.builder().name("web").type(MonitorType.HTTP).url(server.uri("/")).interval(Duration.ofMillis(50))
                    .retryInterval(Duration.ofMillis(20)).timeout(Duration.ofSeconds(5)).retries(2).upAfter(2).build();
            MonitorRole role = new MonitorRole(db, new MonitorsConfig(null, List.of(spec)), notices::add, events::add,
                    Clock.systemUTC());
            try (role) {
                assertThat(role.problems()).containsExactly("monitor: not started");
                role.start();
                assertThat(role.problems()).isEmpty();
                await().atMost(Duration.ofSeconds(30)).until(() -> role.state("web") == MonitorState.UP);
                server.status.set(500);
                await().atMost(Duration.ofSeconds(30)).until(() -> role.state("web") == MonitorState.DOWN);
                server.status.set(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> role.state("web") == MonitorState.UP);
            }
            assertThat(events).extracting(Event::type).containsExactly("monitor.down", "monitor.up");
            assertThat(notices).hasSize(2);
            assertThat(role.store().incidents("web")).singleElement().satisfies(i -> assertThat(i.end()).isNotNull());
        }
    }

    @Test
    void noConfigurationMeansNothingToDo() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("fleet.db"));
             MonitorRole role = new MonitorRole(db, MonitorsConfig.defaults(), n -> { }, e -> { }, Clock.systemUTC())) {
            assertThat(role.name()).isEqualTo("monitor");
            assertThat(role.problems()).isEmpty();
            role.start();
            assertThat(role.state("web")).isNull();
        }
    }

    @Test
    void uptimeIsMeasuredAtTheInjectedClock() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        try (Database db = Database.sqlite(dir.resolve("fleet.db"));
             MonitorRole role = new MonitorRole(db, MonitorsConfig.defaults(), n -> { }, e -> { },
                     Clock.fixed(now, ZoneOffset.UTC))) {
            role.store().record("web", CheckResult.up(now.minus(Duration.ofDays(2)), Duration.ofMillis(5)));
            role.store().record("web", CheckResult.down(now.minus(Duration.ofHours(2)), Duration.ofMillis(5), "status 500"));
            assertThat(role.uptime("web")).isEqualTo(new Uptime(0.0, 50.0, 50.0, 50.0));
        }
    }

    @Test
    void badConfigurationIsRejectedWithTheKey() {
        assertThatThrownBy(() -> MonitorTest.http("web", URI.create("ftp://x/"), 1, 1, 0))
                .hasMessageStartingWith("monitors.web.url: need an http:// or https:// URL");
        assertThatThrownBy(() -> MonitorTest.http("web", URI.create("http://x/"), 0, 1, 0))
                .hasMessage("monitors.web.retries: must be at least 1, was 0");
        assertThatThrownBy(() -> MonitorSpec.builder().name("db").type(MonitorType.TCP).host("h").port(70000).build()).hasMessage("monitors.db.port: need 1..65535, was 70000");
        assertThatThrownBy(() -> MonitorSpec.builder().name("web").type(MonitorType.HTTP).url(URI.create("http://x/")).keywordAbsent(true)
                .build()).hasMessage("monitors.web.keywordAbsent: needs a keyword");
        MonitorSpec a = MonitorTest.http("web", URI.create("http://x/"), 1, 1, 0);
        assertThatThrownBy(() -> new MonitorsConfig(null, List.of(a, a))).hasMessage("monitors: the name web appears twice");
    }
}
