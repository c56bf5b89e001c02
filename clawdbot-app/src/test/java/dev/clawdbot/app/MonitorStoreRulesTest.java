package dev.clawdbot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.app.http.ApiTokenStore;
import dev.clawdbot.app.http.Scope;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code clawdbot serve}'s monitors API and {@code clawdbot monitors} (through {@link Main}) check before they
 * store: an SSH or CONTAINER monitor names a managed host, a maintenance window covers monitors that exist and is
 * not a config one; and the push route's rate limits as {@code monitors.push} sets them.
 */
class MonitorStoreRulesTest {
    private static final String UNKNOWN_HOST = "monitors.probe.host: no host named nosuch in hosts:";

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private Map<String, String> env;

    @BeforeEach
    void config() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("clawdbot.yaml"), """
                hosts:
                  web1: { address: 127.0.0.1, port: 1, user: ops, privateKeyFile: %s }
                monitors:
                  push: { sourceBurst: 5, sourceEvery: PT10S, monitorBurst: 2, monitorEvery: PT1M }
                  monitors:
                    - { name: from-config, type: TCP, host: 127.0.0.1, port: 9, interval: PT1H }
                    - { name: job, type: PUSH, pushToken: job-Token_0000000001, interval: PT24H }
                  maintenance:
                    - { name: config-window, calendar: "Sun *-*-* 02:00:00", duration: PT1H, monitors: [from-config] }
                """.formatted(key));
        env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
    }

    private static String ssh(String host) {
        return "{\"name\":\"probe\",\"type\":\"SSH\",\"host\":\"" + host + "\",\"command\":[\"true\"],\"interval\":\"PT1H\"}";
    }

    @Test
    void theApiRefusesAnSshOrContainerMonitorOnAnUnknownHostNamingTheField() throws Exception {
        Settings settings = Settings.resolve(dir.resolve("clawdbot.yaml"), null, env);
        String token;
        try (Database db = Server.openDatabase(settings, dev.clawdbot.core.DataDir.open(settings.dataDir()).path())) {
            token = new ApiTokenStore(db, Clock.systemUTC()).create("uptime-bot", Set.of(Scope.MONITORS)).secret();
        }
        try (Server server = new Server(settings, Clock.systemUTC()).start(); HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port() + "/api/monitors";
            HttpResponse<String> bad = send(http, "POST", base, token, ssh("nosuch"));
            assertThat(bad.statusCode()).isEqualTo(400);
            JsonNode error = json.readTree(bad.body());
            assertThat(error.path("field").asText()).isEqualTo("host");
            assertThat(error.path("error").asText()).isEqualTo(UNKNOWN_HOST);
            HttpResponse<String> container = send(http, "POST", base, token,
                    "{\"name\":\"probe\",\"type\":\"CONTAINER\",\"host\":\"nosuch\",\"container\":\"web\"}");
            assertThat(container.statusCode()).isEqualTo(400);
            assertThat(json.readTree(container.body()).path("field").asText()).isEqualTo("host");

            assertThat(send(http, "POST", base, token, ssh("web1")).statusCode()).isEqualTo(201);
            HttpResponse<String> moved = send(http, "PUT", base + "/probe", token, ssh("nosuch"));
            assertThat(moved.statusCode()).isEqualTo(400);
            assertThat(json.readTree(moved.body()).path("error").asText()).isEqualTo(UNKNOWN_HOST);
            JsonNode list = json.readTree(send(http, "GET", base, token, null).body());
            assertThat(list.findValuesAsText("host")).as("the stored monitor kept its host").contains("web1").doesNotContain("nosuch");
        }
    }

    @Test
    void theCliRefusesAnUnknownHostAndManagesWindowsWithTheApisRules() throws Exception {
        Result bad = cli("monitors", "add", ssh("nosuch"));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains(UNKNOWN_HOST);
        assertThat(cli("monitors", "add", ssh("web1")).code()).isZero();

        Result none = cli("monitors", "windows", "list");
        assertThat(none.out()).contains("config-window").contains("config").doesNotContain("stored");

        Result calendar = cli("monitors", "windows", "add", "{\"name\":\"w\",\"calendar\":\"Sun 25:00\",\"duration\":\"PT1H\"}");
        assertThat(calendar.code()).isEqualTo(2);
        assertThat(calendar.err()).contains("monitors.maintenance.w.calendar:");
        Result unknownMonitor = cli("monitors", "windows", "add", "{\"name\":\"w\",\"calendar\":\"Sun 02:00\",\"duration\":\"PT1H\",\"monitors\":[\"nosuch\"]}");
        assertThat(unknownMonitor.code()).isEqualTo(2);
        assertThat(unknownMonitor.err()).contains("monitors.maintenance.w.monitors: no monitor nosuch");
        Result unknownKey = cli("monitors", "windows", "add", "{\"name\":\"w\",\"calendar\":\"Sun 02:00\",\"duration\":\"PT1H\",\"colour\":\"red\"}");
        assertThat(unknownKey.err()).contains("maintenance: unknown key colour");
        Result configOne = cli("monitors", "windows", "add", "{\"name\":\"config-window\",\"calendar\":\"Sun 02:00\",\"duration\":\"PT1H\"}");
        assertThat(configOne.code()).isEqualTo(2);
        assertThat(configOne.err()).contains("maintenance window config-window is in the config file");

        Result added = cli("monitors", "windows", "add", "{\"name\":\"patching\",\"calendar\":\"Sat *-*-* 03:00:00\",\"duration\":\"PT2H\",\"monitors\":[\"probe\",\"from-config\"]}");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("stored maintenance window patching");
        Result listed = cli("monitors", "windows", "list");
        assertThat(listed.out()).containsPattern("config-window +config").containsPattern("patching +stored +Sat \\*-\\*-\\* 03:00:00 +PT2H +probe,from-config");

        assertThat(cli("monitors", "windows", "delete", "config-window").err()).contains("is in the config file");
        assertThat(cli("monitors", "windows", "delete", "patching").code()).isZero();
        Result again = cli("monitors", "windows", "delete", "patching");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("no stored maintenance window patching");
    }

    @Test
    void thePushRouteUsesTheConfiguredLimits() throws Exception {
        try (Server server = new Server(Settings.resolve(dir.resolve("clawdbot.yaml"), null, env), Clock.systemUTC()).start();
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port() + "/api/push/";
            // monitorBurst 2, then one a minute.
            for (int i = 0; i < 2; i++) assertThat(send(http, "GET", base + "job-Token_0000000001", null, null).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = send(http, "GET", base + "job-Token_0000000001", null, null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(55, 60));
            // sourceBurst 5, three spent on the heartbeats: two guesses, then one every 10 s.
            for (int i = 0; i < 2; i++) assertThat(send(http, "GET", base + "guess-" + i, null, null).statusCode()).isEqualTo(404);
            HttpResponse<String> scan = send(http, "GET", base + "guess-2", null, null);
            assertThat(scan.statusCode()).isEqualTo(429);
            assertThat(scan.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(9, 10));
        }
    }

    @Test
    void aBadPushLimitIsRefusedNamingTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), "monitors:\n  push: { monitorBurst: 0 }\n");
        assertThatThrownBy(() -> Settings.resolve(config, null, env)).hasMessageContaining("monitors.push.monitorBurst: need 1..10000, was 0");
        Files.writeString(config, "monitors:\n  push: { sourceEvery: PT0S }\n");
        assertThatThrownBy(() -> Settings.resolve(config, null, env)).hasMessageContaining("monitors.push.sourceEvery: need PT0.001S..P1D, was PT0S");
        Files.writeString(config, "monitors:\n  push: { perSource: 5 }\n");
        assertThatThrownBy(() -> Settings.resolve(config, null, env)).hasMessageContaining("perSource");
    }

    private record Result(int code, String out, String err) { }

    private Result cli(String... args) {
        Map<String, String> cliEnv = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_CONFIG", dir.resolve("clawdbot.yaml").toString());
        var cl = Main.commandLine(new Main(cliEnv, Clock.systemUTC()), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
