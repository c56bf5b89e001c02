package dev.clawdbot.ops.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineClientTest {
    @TempDir
    Path dir;

    @Test
    void readsContentLengthAndChunkedBodiesOverTheUnixSocket() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            EngineClient client = new EngineClient(fake.socket());
            assertThat(client.present()).isTrue();
            JsonNode running = client.get("/containers/json");
            assertThat(running).hasSize(2);
            assertThat(running.get(1).path("Names").get(0).asText()).isEqualTo("/worker");
            fake.fault("/containers/json?all=1", FakeEngine.Fault.CHUNKED);
            assertThat(client.get("/containers/json?all=1")).hasSize(3);
            assertThat(fake.requests()).containsExactly("GET /containers/json", "GET /containers/json?all=1");
        }
    }

    @Test
    void typedCallsParseWhatDockerdSends() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            Engine engine = new Engine(new EngineClient(fake.socket()));
            Engine.Inspect worker = engine.inspect(EngineFixtures.WORKER);
            assertThat(worker.name()).isEqualTo("worker");
            assertThat(worker.health()).isEqualTo("unhealthy");
            assertThat(worker.failingStreak()).isEqualTo(7);
            assertThat(worker.lastHealthOutput()).startsWith("curl: (7) Failed to connect");
            Engine.Inspect web = engine.inspect(EngineFixtures.WEB);
            assertThat(web.capDrop()).containsExactly("ALL");
            assertThat(web.memoryLimit()).isEqualTo(268435456L);
            assertThat(engine.images(true)).singleElement().satisfies(i -> assertThat(i.tags()).isEmpty());
            assertThat(engine.danglingVolumes()).containsExactly(new Engine.Volume("3f1e9a", "local"));
            assertThat(engine.stopped()).extracting(Engine.Container::name).containsExactly("old-job");
            assertThat(engine.reclaimableImageBytes()).isEqualTo(73400320L);
            engine.restart("worker-does-not-exist-but-web-does".substring(0, 0) + EngineFixtures.WEB);
            assertThat(fake.restarts()).isEqualTo(1);
            assertThat(fake.requests()).contains("POST /containers/" + EngineFixtures.WEB + "/restart?t=10");
        }
    }

    @Test
    void aServerErrorIsAnEngineExceptionWithTheDaemonsMessage() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            fake.fault("/system/df", FakeEngine.Fault.SERVER_ERROR);
            assertThatThrownBy(() -> new EngineClient(fake.socket()).get("/system/df"))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).isEqualTo(500))
                    .hasMessageContaining("HTTP 500").hasMessageContaining("simulated failure");
            assertThatThrownBy(() -> new Engine(new EngineClient(fake.socket())).restart("nope"))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void aTruncatedBodyIsAnErrorNotHalfAListing() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            fake.fault("/containers/json", FakeEngine.Fault.TRUNCATED);
            assertThatThrownBy(() -> new EngineClient(fake.socket()).get("/containers/json"))
                    .isInstanceOf(EngineException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void aSlowEngineRunsIntoTheDeadline() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            fake.fault("/containers/json", FakeEngine.Fault.SLOW).slowBy(Duration.ofSeconds(5));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> new EngineClient(fake.socket(), Duration.ofMillis(300), 1 << 20).get("/containers/json"))
                    .isInstanceOf(EngineException.class).hasMessageContaining("no complete answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aBodyOverTheCapIsRefused() throws Exception {
        try (FakeEngine fake = EngineFixtures.standard(dir.resolve("docker.sock"))) {
            assertThatThrownBy(() -> new EngineClient(fake.socket(), Duration.ofSeconds(5), 100).get("/images/json"))
                    .isInstanceOf(EngineException.class).hasMessageContaining("over 100 bytes");
        }
    }

    @Test
    void anAbsentSocketIsNotPresentAndRequestTargetsAreChecked() {
        EngineClient client = new EngineClient(dir.resolve("none.sock"));
        assertThat(client.present()).isFalse();
        assertThatThrownBy(() -> client.get("/containers/json\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(client.socket())).containsExactly(dir.resolve("none.sock"));
    }
}
