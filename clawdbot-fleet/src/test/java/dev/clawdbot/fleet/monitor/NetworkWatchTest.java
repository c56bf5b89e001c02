package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.notify.OperatorNotice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four monitors counted as external (served by two local servers the test breaks) and one local: when every
 * external one fails, one network notice instead of four, and one recovery naming what still fails.
 */
class NetworkWatchTest extends MonitorFixture {
    private TestServers other;

    @BeforeEach
    void setUp() throws Exception {
        other = new TestServers();
    }

    @AfterEach
    void tearDown() {
        other.close();
    }

    private List<Monitor> monitors(List<MonitorSpec> specs) {
        NetworkWatch watch = new NetworkWatch(specs, s -> !s.name().equals("local"), notices::add, events::add);
        List<Monitor> out = new ArrayList<>();
        for (MonitorSpec s : specs) {
            out.add(new Monitor(s, Probe.of(s, http, Clock.systemUTC()), new MonitorStore(db), notices::add, events::add, null, watch));
        }
        return out;
    }

    private static URI external(TestServers s, String name) {
        return s.uri("/" + name);
    }

    @Test
    void loopbackTargetsAndPushOrSystemdAreNotExternal() {
        assertThat(NetworkWatch.external(MonitorTest.http("x", URI.create("https://example.org/"), 1, 1, 0))).isTrue();
        assertThat(NetworkWatch.external(MonitorTest.http("x", URI.create("http://127.0.0.1:8080/"), 1, 1, 0))).isFalse();
        assertThat(NetworkWatch.external(MonitorTest.http("x", URI.create("http://localhost/"), 1, 1, 0))).isFalse();
        assertThat(NetworkWatch.external(Specs.of("name: s, type: SYSTEMD, unit: nginx.service"))).isFalse();
        assertThat(NetworkWatch.external(Specs.of("name: p, type: PING, host: 192.0.2.1"))).isTrue();
    }

    @Test
    void allExternalMonitorsFailingIsOneNoticeAndOneRecovery() {
        List<MonitorSpec> specs = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) specs.add(MonitorTest.http(n, external(server, n), 2, 1, 1));
        specs.add(MonitorTest.http("d", external(other, "d"), 2, 1, 1));
        specs.add(MonitorTest.http("local", server.uri("/local"), 2, 1, 0)); // loopback by name: not external
        List<Monitor> ms = monitors(specs);
        ms.forEach(Monitor::checkOnce);
        server.status.set(503);
        other.status.set(503);
        for (int round = 0; round < 4; round++) ms.forEach(Monitor::checkOnce); // DOWN, then reminders every check
        assertThat(ms).allSatisfy(m -> assertThat(m.state()).isEqualTo(MonitorState.DOWN));
        assertThat(notices).extracting(OperatorNotice::subject)
                .filteredOn(s -> !s.startsWith("Monitor local"))
                .containsExactly("Own network appears down");
        assertThat(events).filteredOn(e -> e.type().equals("monitor.down") && e.fields().get("networkDown").equals(true))
                .hasSize(4).allSatisfy(e -> assertThat(e.level()).isEqualTo(Monitor.FOLDED_LEVEL));
        notices.clear();

        server.status.set(200); // a, b, c come back; d stays down
        ms.forEach(Monitor::checkOnce);
        // d is a real outage now: named in the recovery, then its reminders (renotifyEvery: 1) resume.
        assertThat(notices).extracting(OperatorNotice::subject)
                .containsExactly("The network is back", "Monitor d is still DOWN", "Monitor local is UP");
        assertThat(notices.getFirst().body()).endsWith("Still failing: d.");
        notices.clear();
        other.status.set(200);
        ms.forEach(Monitor::checkOnce);
        assertThat(notices).extracting(OperatorNotice::subject).containsExactly("Monitor d is UP");
    }

    @Test
    void oneFailingAmongPassingIsAnOrdinaryDown() {
        List<MonitorSpec> specs = List.of(MonitorTest.http("a", external(server, "a"), 2, 1, 0),
                MonitorTest.http("b", external(other, "b"), 2, 1, 0), MonitorTest.http("c", external(other, "c"), 2, 1, 0));
        List<Monitor> ms = monitors(specs);
        ms.forEach(Monitor::checkOnce);
        server.status.set(500);
        for (int round = 0; round < 2; round++) ms.forEach(Monitor::checkOnce);
        assertThat(notices).extracting(OperatorNotice::subject).containsExactly("Monitor a is DOWN");
    }

    @Test
    void theExternalSetFollowsAddedAndRemovedMonitors() {
        Predicate<MonitorSpec> all = s -> true;
        List<MonitorSpec> four = List.of(MonitorTest.http("a", external(server, "a"), 1, 1, 0), MonitorTest.http("b", external(server, "b"), 1, 1, 0),
                MonitorTest.http("c", external(other, "c"), 1, 1, 0), MonitorTest.http("d", external(other, "d"), 1, 1, 0));
        NetworkWatch watch = new NetworkWatch(four.subList(0, 3), all, notices::add, events::add);
        Instant t = Instant.parse("2026-12-07T12:00:00Z");
        for (String m : List.of("a", "b", "c")) watch.observe(m, false, t);
        // d is added: until its first check the network is not judged; then all four failing is one notice.
        watch.track(four);
        assertThat(watch.foldDown("a", t)).isFalse();
        watch.observe("d", false, t);
        assertThat(watch.foldDown("a", t)).isTrue();
        assertThat(watch.foldDown("d", t)).isTrue();
        assertThat(notices).extracting(OperatorNotice::body).singleElement().asString().startsWith("All 4 external monitors fail at once");

        // c and d are deleted: their last failures no longer count, so a and b passing is more than half.
        watch.track(four.subList(0, 2));
        watch.observe("a", true, t);
        assertThat(notices).hasSize(1);
        watch.observe("b", true, t);
        assertThat(notices).extracting(OperatorNotice::subject).last().isEqualTo("The network is back");
        assertThat(notices.getLast().body()).doesNotContain("Still failing");
        assertThat(watch.folded("d")).isFalse();
    }
}
