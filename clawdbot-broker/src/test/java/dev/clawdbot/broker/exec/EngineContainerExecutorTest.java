package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static dev.clawdbot.broker.exec.FakeDockerEngine.Mode.CHUNKED;
import static dev.clawdbot.broker.exec.FakeDockerEngine.Mode.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

class EngineContainerExecutorTest {

    @TempDir
    Path dir;
    FakeDockerEngine engine;
    EngineContainerExecutor executor;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeDockerEngine(dir.resolve("docker.sock"));
        executor = new EngineContainerExecutor(new DockerEngineClient(engine.socket, Duration.ofSeconds(2), 4096));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    static ProposedAction container(String op, String name) {
        return new ProposedAction.Container(null, name, ProposedAction.Container.Operation.of(op));
    }

    @ParameterizedTest(name = "{0} answered {1}")
    @CsvSource(delimiter = '|', textBlock = """
            start   | 204 | 0 | start web: done
            start   | 304 | 0 | start web: already running
            stop    | 204 | 0 | stop web: done
            stop    | 304 | 0 | stop web: already stopped
            restart | 204 | 0 | restart web: done
            """)
    void stateChanges(String op, int status, int exit, String output) {
        engine.on("POST /containers/web/" + op, status, "", PLAIN);
        ActionExecutor.Result r = executor.execute(container(op, "web"), "k");
        assertThat(r.exitCode()).isEqualTo(exit);
        assertThat(r.output()).isEqualTo(output);
        assertThat(engine.requests).containsExactly("POST /containers/web/" + op);
    }

    @Test
    void noSuchContainerCarriesTheEnginesMessage() {
        engine.on("POST /containers/ghost/start", 404, "{\"message\":\"No such container: ghost\"}", PLAIN);
        ActionExecutor.Result r = executor.execute(container("start", "ghost"), "k");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).isEqualTo("start ghost: no such container (No such container: ghost)");
    }

    @Test
    void serverErrorsFail() {
        engine.on("POST /containers/web/restart", 500, "{\"message\":\"driver failed programming external connectivity\"}", PLAIN);
        ActionExecutor.Result r = executor.execute(container("restart", "web"), "k");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("Docker Engine answered 500").contains("driver failed programming");
    }

    @Test
    void aChunkedPullStreamIsReadToItsFinalStatus() {
        String progress = "{\"status\":\"Pulling from library/nginx\",\"id\":\"latest\"}\n".repeat(200)
                + "{\"status\":\"Digest: sha256:abc\"}\n{\"status\":\"Status: Downloaded newer image for nginx:latest\"}\n";
        engine.on("POST /images/create?fromImage=nginx&tag=latest", 200, progress, CHUNKED);
        ActionExecutor.Result r = executor.execute(container("pull", "nginx"), "k");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).isEqualTo("pull nginx: Status: Downloaded newer image for nginx:latest");
    }

    @Test
    void aPullThatFailsInsideItsStreamIsAFailure() {
        engine.on("POST /images/create?fromImage=nosuchimage&tag=latest", 200,
                "{\"status\":\"Pulling\"}\n{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\n", CHUNKED);
        ActionExecutor.Result r = executor.execute(container("pull", "nosuchimage"), "k");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).isEqualTo("pull nosuchimage: manifest unknown");
    }

    @Test
    void aTruncatedBodyIsAnErrorNotAShortSuccess() {
        engine.on("POST /containers/web/start", 500, "{\"message\":\"something long enough to cut in half\"}", FakeDockerEngine.Mode.TRUNCATED);
        ActionExecutor.Result r = executor.execute(container("start", "web"), "k");
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.output()).contains("ended early");
    }

    @Test
    void aTruncatedChunkedPullIsAnError() {
        engine.on("POST /images/create?fromImage=nginx&tag=latest", 200, "{\"status\":\"Pulling\"}\n{\"status\":\"Downloaded\"}\n",
                FakeDockerEngine.Mode.TRUNCATED_CHUNKED);
        ActionExecutor.Result r = executor.execute(container("pull", "nginx"), "k");
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.output()).contains("ended early");
    }

    @Test
    void aSilentEngineTimesOut() {
        engine.on("POST /containers/web/stop", 204, "", FakeDockerEngine.Mode.SILENT);
        ActionExecutor.Result r = executor.execute(container("stop", "web"), "k");
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.output()).contains("no complete answer from the Docker Engine within 2s");
    }

    @Test
    void noSocketIsAClearError() {
        EngineContainerExecutor none = new EngineContainerExecutor(new DockerEngineClient(dir.resolve("absent.sock"), Duration.ofSeconds(2), 4096));
        assertThat(none.execute(container("start", "web"), "k").output()).startsWith("Docker Engine API start web: ");
    }
}
