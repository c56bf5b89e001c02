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
        Path config = Files.writeString(dir.resolve("clawdbot.yaml"), """
                monitors:
                  monitors:
                    - { name: nightly-backup, type: PUSH, pushToken: nightly-Backup_token-1, interval: PT24H }
                """);
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        try (Server server = new Server(Settings.resolve(config, null, env), Clock.systemUTC()).start();
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
}
