package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The change counter (V10_15) on both engines, written through one pool and read through another as two processes
 * would, and a running role on the other pool picking up a monitor and then its deletion.
 */
class StoredMonitorsChangesTest extends TwoPools {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void everyWriteMovesTheCounterAndTheRunningRoleFollows(String engine) throws Exception {
        try (Database server = open(engine); Database cli = open(engine); TestServers http = new TestServers()) {
            StoredMonitors writer = new StoredMonitors(cli, Clock.systemUTC(), dev.clawdbot.fleet.monitor.SecretSeal.none());
            StoredMonitors reader = new StoredMonitors(server, Clock.systemUTC(), dev.clawdbot.fleet.monitor.SecretSeal.none());
            writer.delete("api");
            long v0 = reader.version();
            assertThat(reader.version()).as("deleting nothing changes nothing").isEqualTo(v0);

            try (MonitorRole role = new MonitorRole(server, MonitorsConfig.defaults(), n -> { }, e -> { }, Clock.systemUTC())) {
                role.start();
                MonitorSpec api = StoredMonitors.parse("{\"name\":\"api\",\"type\":\"HTTP\",\"url\":\"" + http.uri("/api")
                        + "\",\"interval\":\"PT0.1S\",\"retries\":1,\"upAfter\":1}");
                assertThat(writer.put(api, false)).isTrue();
                assertThat(reader.version()).isEqualTo(v0 + 1);
                await().atMost(MonitorRole.RELOAD_EVERY.plusSeconds(4)).until(() -> role.state("api") == MonitorState.UP);

                assertThat(writer.put(api, true)).isFalse();
                writer.putWindow(new MaintenanceWindow("w", "*-*-* 02:00:00", Duration.ofHours(1), List.of("api")));
                assertThat(writer.deleteWindow("w")).isTrue();
                assertThat(writer.delete("api")).isTrue();
                assertThat(reader.version()).isEqualTo(v0 + 5);
                await().atMost(MonitorRole.RELOAD_EVERY.plusSeconds(4)).until(() -> role.state("api") == null);
            }
        }
    }
}
