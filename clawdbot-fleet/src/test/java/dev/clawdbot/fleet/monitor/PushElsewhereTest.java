package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The split units on both engines: heartbeats taken by a {@link PushGate} on one pool (the gateway's process) keep a
 * PUSH monitor of a {@link MonitorRole} on another pool (the monitor's process) UP; silence makes it DOWN, and the
 * state reaches the database the status page reads.
 */
class PushElsewhereTest extends TwoPools {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void beatsThroughTheGateKeepTheOtherProcessesMonitorUpAndSilenceMakesItDown(String engine) throws Exception {
        String name = "cron-" + engine;
        String token = "cron-Token_of-" + engine + "-0123456789";
        try (Database gatewayDb = open(engine); Database monitorDb = open(engine)) {
            // Stored by the API with its token sealed: the gate opens it with the same at-rest key as the role.
            MonitorSpec spec = StoredMonitors.parse("{\"name\":\"" + name + "\",\"type\":\"PUSH\",\"pushToken\":\"" + token
                    + "\",\"interval\":\"PT1S\",\"grace\":\"PT1S\",\"retryInterval\":\"PT0.2S\",\"retries\":1,\"upAfter\":1}");
            new StoredMonitors(gatewayDb, Clock.systemUTC(), SecretSeal.open(dir)).put(spec, false);
            PushGate gate = new PushGate(gatewayDb, MonitorsConfig.defaults(), SecretSeal.open(dir), Clock.systemUTC(), e -> { });
            assertThat(gate.push(token + "x", "192.0.2.1")).isEqualTo(new PushAnswer.Unknown());

            try (MonitorRole role = new MonitorRole(monitorDb, MonitorsConfig.defaults(), n -> { }, e -> { }, Clock.systemUTC(),
                    null, SecretSeal.open(dir))) {
                role.start();
                await().atMost(Duration.ofSeconds(3)).until(() -> role.state(name) == MonitorState.UP);
                // 4 s of beats every 0.5 s: twice the 2 s of allowed silence, so only the stored beats keep it UP.
                for (int i = 0; i < 8; i++) {
                    assertThat(gate.push(token, "192.0.2.1")).isEqualTo(new PushAnswer.Accepted());
                    Thread.sleep(500);
                    assertThat(role.state(name)).as("beat %d", i).isEqualTo(MonitorState.UP);
                }

                await().atMost(Duration.ofSeconds(6)).until(() -> role.state(name) == MonitorState.DOWN);
                MonitorStore store = new MonitorStore(gatewayDb);
                // The role turns DOWN in memory before its incident row commits (seen in CI on PostgreSQL): wait for the row.
                await().atMost(Duration.ofSeconds(3)).until(() -> store.settled(name) == MonitorState.DOWN);
                assertThat(store.incidents(name)).last().satisfies(i -> assertThat(i.cause()).startsWith("no heartbeat for"));

                assertThat(gate.push(token, "192.0.2.1")).isEqualTo(new PushAnswer.Accepted());
                await().atMost(Duration.ofSeconds(4)).until(() -> role.state(name) == MonitorState.UP);
                await().atMost(Duration.ofSeconds(3)).until(() -> store.settled(name) == MonitorState.UP);
            }

            // Paused: the gate no longer knows the token.
            new StoredMonitors(gatewayDb, Clock.systemUTC(), SecretSeal.open(dir)).put(spec, true);
            assertThat(gate.push(token, "192.0.2.1")).isEqualTo(new PushAnswer.Unknown());
        }
    }

    @Test
    void theGateLimitsPerMonitorAsTheRoleDoes() throws Exception {
        String token = "config-Token_0123456789";
        MonitorSpec spec = Specs.of("name: job, type: PUSH, pushToken: " + token + ", interval: PT24H");
        try (Database db = open("sqlite")) {
            PushGate gate = new PushGate(db, new MonitorsConfig(true, List.of(spec)), SecretSeal.none(), Clock.systemUTC(), e -> { });
            // The monitor's burst is 10, then one every 6 s.
            for (int i = 0; i < 10; i++) assertThat(gate.push(token, "192.0.2.7")).isEqualTo(new PushAnswer.Accepted());
            assertThat(gate.push(token, "192.0.2.7")).isInstanceOfSatisfying(PushAnswer.Limited.class,
                    l -> assertThat(l.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6)));
            assertThat(new PushBeats(db).last("job")).isNotNull();
        }
    }
}
