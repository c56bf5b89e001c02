package dev.clawdbot.app;

import dev.clawdbot.core.role.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /readyz} over real HTTP reports each role of the process by name: its own problems, or that it stopped. */
class ServerReadinessTest {

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    /** A role whose problems the test sets, run by the server after its own roles. */
    static class ProbeRole implements Role {
        final List<String> problems = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public void start() {
        }

        @Override
        public List<String> problems() {
            return problems;
        }

        @Override
        public void close() {
        }
    }

    HttpResponse<String> readyz(Server server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/readyz")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRunningRoleWithAProblemMakesReadyz503NamingItAndHealthyAgainIs200() throws Exception {
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        ProbeRole probe = new ProbeRole();
        try (Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of("gateway", "siem", "ops", "monitor"))
                .withRole(probe).start()) {
            HttpResponse<String> healthy = readyz(server);
            assertThat(healthy.statusCode()).as(healthy.body()).isEqualTo(200);

            probe.problems.add("queue stuck");
            HttpResponse<String> sick = readyz(server);
            assertThat(sick.statusCode()).isEqualTo(503);
            assertThat(sick.body()).contains("\"probe: queue stuck\"");

            probe.problems.clear();
            assertThat(readyz(server).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRoleStoppedWhileTheGatewayStillAnswersMakesReadyz503NamingIt() throws Exception {
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        HttpResponse<String>[] during = new HttpResponse[1];
        Server[] holder = new Server[1];
        // The probe closes first (it started last): the gateway still answers while the roles before it are closing.
        Role asking = new ProbeRole() {
            @Override
            public void close() {
                try {
                    during[0] = readyz(holder[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of("gateway", "ops"))
                .withRole(asking).withRole(new ProbeRole() {
                    @Override
                    public String name() {
                        return "last";
                    }
                });
        holder[0] = server.start();
        server.close();
        assertThat(during[0].statusCode()).isEqualTo(503);
        assertThat(during[0].body()).contains("\"last: stopped\"").contains("\"probe: stopped\"").doesNotContain("ops: stopped");
    }
}
