package dev.clawdbot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.app.http.ApiTokenStore;
import dev.clawdbot.app.http.Scope;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.monitor.MonitorState;
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

/** The monitors API on the gateway of {@code clawdbot serve}: scoped tokens, validation naming the field, live changes. */
class MonitorApiTest {
    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void createUpdatePauseDeleteWithAMonitorsToken() throws Exception {
        Path config = Files.writeString(dir.resolve("clawdbot.yaml"), """
                monitors:
                  monitors:
                    - { name: from-config, type: TCP, host: 127.0.0.1, port: 9, interval: PT1H }
                """);
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        Settings settings = Settings.resolve(config, null, env);
        String monitorsToken;
        String chatToken;
        try (Database db = Server.openDatabase(settings, dev.clawdbot.core.DataDir.open(settings.dataDir()).path())) {
            ApiTokenStore tokens = new ApiTokenStore(db, Clock.systemUTC());
            monitorsToken = tokens.create("uptime-bot", Set.of(Scope.MONITORS)).secret();
            chatToken = tokens.create("chatter", Set.of(Scope.CHAT)).secret();
        }
        try (Server server = new Server(settings, Clock.systemUTC()).start(); HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port() + "/api/monitors";
            String target = "http://127.0.0.1:" + server.port() + "/healthz";
            assertThat(send(http, "GET", base, null, null).statusCode()).isEqualTo(401);
            assertThat(send(http, "GET", base, chatToken, null).statusCode()).isEqualTo(401);

            HttpResponse<String> bad = send(http, "POST", base, monitorsToken, "{\"name\":\"self\",\"type\":\"TCP\",\"host\":\"x\",\"port\":70000}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json.readTree(bad.body()).path("field").asText()).isEqualTo("port");
            assertThat(json.readTree(bad.body()).path("error").asText()).isEqualTo("monitors.self.port: need 1..65535, was 70000");
            HttpResponse<String> missing = send(http, "POST", base, monitorsToken, "{\"name\":\"self\",\"type\":\"HTTP\",\"urll\":\"x\"}");
            assertThat(json.readTree(missing.body()).path("field").asText()).isEqualTo("url");
            HttpResponse<String> unknown = send(http, "POST", base, monitorsToken,
                    "{\"name\":\"self\",\"type\":\"HTTP\",\"url\":\"" + target + "\",\"colour\":\"red\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(json.readTree(unknown.body()).path("field").asText()).isEqualTo("colour");

            String spec = "{\"name\":\"self\",\"type\":\"HTTP\",\"url\":\"" + target + "\",\"interval\":\"PT0.2S\",\"retries\":1,\"upAfter\":1}";
            assertThat(send(http, "POST", base, monitorsToken, spec).statusCode()).isEqualTo(201);
            assertThat(send(http, "POST", base, monitorsToken, spec).statusCode()).isEqualTo(409);
            awaitState(server, "self", MonitorState.UP);

            String broken = spec.replace("/healthz", "/no-such-page");
            assertThat(send(http, "PUT", base + "/self", monitorsToken, broken).statusCode()).isEqualTo(200);
            awaitState(server, "self", MonitorState.DOWN);

            String maintenance = "http://127.0.0.1:" + server.port() + "/api/maintenance";
            HttpResponse<String> badWindow = send(http, "PUT", maintenance + "/always", monitorsToken,
                    "{\"name\":\"always\",\"calendar\":\"Sun 25:00\",\"duration\":\"PT2M\"}");
            assertThat(badWindow.statusCode()).isEqualTo(400);
            assertThat(json.readTree(badWindow.body()).path("field").asText()).isEqualTo("calendar");
            // Starts every minute and lasts two: always inside.
            assertThat(send(http, "PUT", maintenance + "/always", monitorsToken,
                    "{\"name\":\"always\",\"calendar\":\"*-*-* *:*:00\",\"duration\":\"PT2M\",\"monitors\":[\"self\"]}").statusCode())
                    .isEqualTo(200);
            awaitState(server, "self", MonitorState.MAINTENANCE);
            assertThat(json.readTree(send(http, "GET", maintenance, monitorsToken, null).body()).get(0).path("calendar").asText())
                    .isEqualTo("*-*-* *:*:00");
            assertThat(send(http, "DELETE", maintenance + "/always", monitorsToken, null).statusCode()).isEqualTo(204);
            awaitState(server, "self", MonitorState.DOWN);

            assertThat(send(http, "POST", base + "/self/pause", monitorsToken, null).statusCode()).isEqualTo(200);
            assertThat(server.monitorRole().state("self")).isNull();
            JsonNode list = json.readTree(send(http, "GET", base, monitorsToken, null).body());
            assertThat(list).hasSize(2);
            assertThat(list.get(0).path("source").asText()).isEqualTo("config");
            assertThat(list.get(1).path("paused").asBoolean()).isTrue();

            assertThat(send(http, "PUT", base + "/from-config", monitorsToken, spec.replace("self", "from-config")).statusCode()).isEqualTo(409);
            assertThat(send(http, "DELETE", base + "/from-config", monitorsToken, null).statusCode()).isEqualTo(409);
            assertThat(send(http, "DELETE", base + "/self", monitorsToken, null).statusCode()).isEqualTo(204);
            assertThat(send(http, "DELETE", base + "/self", monitorsToken, null).statusCode()).isEqualTo(404);
        }
    }

    private static void awaitState(Server server, String name, MonitorState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.monitorRole().state(name) != state && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(server.monitorRole().state(name)).isEqualTo(state);
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
