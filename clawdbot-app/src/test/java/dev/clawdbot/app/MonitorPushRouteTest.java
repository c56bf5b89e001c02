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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A PUSH monitor's heartbeat URL on the gateway of {@code clawdbot serve}, with the secret token as credential. */
class MonitorPushRouteTest {
    @TempDir
    Path dir;

    @Test
    void aKnownTokenIsAHeartbeatAndAnUnknownOneIsNotFound() throws Exception {
        try (Server server = serve("- { name: nightly-backup, type: PUSH, pushToken: nightly-Backup_token-1, interval: PT24H }");
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port() + "/api/push/";
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "nightly-Backup_token-1"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "nightly-Backup_token-1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "nightly-Backup_token-2")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void heartbeatsAreRateLimitedPerMonitorAndPerSourceWithRetryAfter() throws Exception {
        try (Server server = serve("- { name: looping-job, type: PUSH, pushToken: looping-Job_token-1, interval: PT24H }");
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port() + "/api/push/";
            // The monitor's burst is 10, then one every 6 s.
            for (int i = 0; i < 10; i++) assertThat(get(http, base + "looping-Job_token-1").statusCode()).isEqualTo(200);
            HttpResponse<String> limited = get(http, base + "looping-Job_token-1");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 6));

            // Guessed tokens spend the source's budget (60, then one a second): a scan is cut off, with Retry-After.
            int notFound = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 200; i++) {
                last = get(http, base + "guess-" + i);
                if (last.statusCode() != 404) break;
                notFound++;
            }
            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(notFound).as("the source had spent 11 of 60 on the heartbeats").isBetween(40, 60);
        }
        String events = Files.readString(dir.resolve("data/events/events.jsonl"));
        assertThat(events).contains("\"monitor.push.limited\"").contains("looping-job").doesNotContain("looping-Job_token-1");
    }

    /** {@code clawdbot serve} on a free port with {@code monitor} as its one monitor. */
    private Server serve(String monitor) throws Exception {
        Path config = Files.writeString(dir.resolve("clawdbot.yaml"), "monitors:\n  monitors:\n    " + monitor + "\n");
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        return new Server(Settings.resolve(config, null, env), Clock.systemUTC()).start();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
