package dev.clawdbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code serve --roles}: the systemd units run one role each beside a gateway unit on the same host. */
class ServeRolesTest {

    @TempDir
    Path dir;

    @Test
    void opsAndSiemAloneRunWithoutTakingTheGatewayPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", Integer.toString(port));
        try (Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of("ops", "siem")).start()) {
            assertThat(server.listens()).isFalse();
            assertThat(server.roles()).containsExactlyInAnyOrder("ops", "siem");
            assertThat(server.problems()).isEmpty();
            try (ServerSocket free = new ServerSocket(port)) {
                assertThat(free.getLocalPort()).as("the gateway's port stays free").isEqualTo(port);
            }
        }
    }

    @Test
    void theDefaultRunsEveryRole() {
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        try (Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC()).start()) {
            assertThat(server.roles()).containsExactlyInAnyOrder("broker", "bridge", "telegram", "gateway", "ops", "siem", "monitor");
            assertThat(server.listens()).isTrue();
        }
    }

    @Test
    void anUnknownRoleIsAUsageErrorNamingTheKnownOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run(new String[]{"serve", "--roles", "gateway,console"}, Map.of("CLAWDBOT_DATA", dir.resolve("data").toString()), Clock.systemUTC());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role console")
                .contains("broker, bridge, telegram, gateway, siem, ops, monitor");
        assertThatThrownBy(() -> new Server(Settings.resolve(null, null, Map.of()), Clock.systemUTC(), Set.of("console")))
                .hasMessageContaining("subset of broker, bridge, telegram, gateway, siem, ops, monitor");
    }
}
