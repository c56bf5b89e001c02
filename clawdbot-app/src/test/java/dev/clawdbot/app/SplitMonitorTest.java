package dev.clawdbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The split systemd units in one JVM: a gateway server ({@code broker,bridge,telegram,gateway}) and a monitor server
 * ({@code monitor}) on one data dir and SQLite file. Heartbeats on the gateway's HTTP port keep the other process's
 * PUSH monitor UP, silence makes it DOWN, and {@code /status} on the gateway shows both from the database.
 */
class SplitMonitorTest {
    private static final String TOKEN = "split-Cron_token-0123456789";

    @TempDir
    Path dir;

    @Test
    void heartbeatsOnTheGatewayKeepTheMonitorProcessesPushMonitorUpAndStatusShowsItFromTheDatabase() throws Exception {
        Path config = Files.writeString(dir.resolve("clawdbot.yaml"), """
                monitors:
                  statusPage: { enabled: true, title: "Split & Co status" }
                  monitors:
                    - { name: cron, type: PUSH, pushToken: %s, interval: PT1S, grace: PT1S, retryInterval: PT0.2S, retries: 1, upAfter: 1, public: true }
                    - { name: hidden-cron, type: PUSH, pushToken: hidden-Cron_token-0123456789, interval: PT24H }
                """.formatted(TOKEN));
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        try (Server gateway = new Server(Settings.resolve(config, null, env), Clock.systemUTC(),
                Set.of("broker", "bridge", "telegram", "gateway")).start();
             Server monitor = new Server(Settings.resolve(config, null, env), Clock.systemUTC(), Set.of("monitor")).start();
             HttpClient http = HttpClient.newHttpClient()) {
            assertThat(gateway.monitorRole()).isNull();
            String base = "http://127.0.0.1:" + gateway.port();
            assertThat(get(http, base + "/api/push/" + TOKEN + "x").statusCode()).isEqualTo(404);

            await().atMost(Duration.ofSeconds(3)).until(() -> monitor.monitorRole().state("cron") == dev.clawdbot.fleet.monitor.MonitorState.UP);
            // 4 s of beats every 0.5 s, twice the allowed 2 s of silence: only the gateway's stored beats keep it UP.
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> beat = i % 2 == 0 ? get(http, base + "/api/push/" + TOKEN)
                        : http.send(HttpRequest.newBuilder(URI.create(base + "/api/push/" + TOKEN)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(beat.statusCode()).isEqualTo(200);
                Thread.sleep(500);
                assertThat(monitor.monitorRole().state("cron")).as("beat %d", i).isEqualTo(dev.clawdbot.fleet.monitor.MonitorState.UP);
            }
            HttpResponse<String> up = get(http, base + "/status");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(up.body()).contains("Split &amp; Co status").contains("<tr data-monitor=\"cron\">")
                    .contains("<td class=\"state UP\">UP").contains("All systems operational.").doesNotContain("hidden-cron");

            await().atMost(Duration.ofSeconds(6)).until(() -> monitor.monitorRole().state("cron") == dev.clawdbot.fleet.monitor.MonitorState.DOWN);
            HttpResponse<String> down = get(http, base + "/status");
            assertThat(down.statusCode()).isEqualTo(200);
            assertThat(down.body()).contains("<td class=\"state DOWN\">DOWN").contains("no heartbeat for").contains("Some systems are down.");

            assertThat(get(http, base + "/api/push/" + TOKEN).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(4)).until(() -> monitor.monitorRole().state("cron") == dev.clawdbot.fleet.monitor.MonitorState.UP);
            await().atMost(Duration.ofSeconds(2)).until(() -> get(http, base + "/status").body().contains("<td class=\"state UP\">UP"));
        }
        String events = Files.readString(dir.resolve("data/events/events.jsonl"));
        assertThat(events).contains("\"monitor.down\"").doesNotContain(TOKEN);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
