package dev.clawdbot.app;

import dev.clawdbot.core.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The parallel start: failures surface as they did when everything started in sequence, and leave nothing running. */
class ServerStartTest {

    @TempDir
    Path dir;

    private static long startThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("clawdbot-start-")).count();
    }

    @Test
    void anUnreachableDatabaseFailsTheStartWithItsOwnErrorAndLeavesNoStartThreads() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("clawdbot.yaml"),
                "database:\n  url: jdbc:postgresql://127.0.0.1:" + closedPort + "/clawdbot\n  user: clawdbot\n");
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        Server server = new Server(Settings.resolve(config, null, env), Clock.systemUTC());

        assertThatThrownBy(server::start)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot open database jdbc:postgresql://127.0.0.1:" + closedPort);
        await().atMost(Duration.ofSeconds(10)).until(() -> startThreads() == 0);
    }

    @Test
    void aStartedServerIsReadyWithEveryPartInPlaceAndItsStartThreadsGone() {
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        try (Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC()).start()) {
            assertThat(server.problems()).isEmpty();
            assertThat(server.status()).containsKeys("database", "sandbox", "providers");
            await().atMost(Duration.ofSeconds(10)).until(() -> startThreads() == 0);
        }
        try (Server again = new Server(Settings.resolve(null, null, env), Clock.systemUTC()).start()) {
            assertThat(again.problems()).as("a restart on the same data dir (schema present, Flyway skipped)").isEmpty();
        }
    }

    /** Issue 11 item 8: with the disk under the reserve, /readyz's problems say so (it said ready on a full disk). */
    @Test
    void aDiskUnderTheReserveMakesTheServerNotReady() throws IOException {
        Path config = Files.writeString(dir.resolve("clawdbot.yaml"), "sandbox:\n  disk:\n    minFreeBytes: 1125899906842624\n");
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(), "CLAWDBOT_PORT", "0");
        try (Server server = new Server(Settings.resolve(config, null, env), Clock.systemUTC()).start()) {
            assertThat(server.problems()).singleElement().asString().startsWith("disk low: free space on the file system of "
                    + dir.resolve("data")).endsWith("under the 1073741824 MiB reserve (sandbox.disk.minFreeBytes)");
        }
    }
}
