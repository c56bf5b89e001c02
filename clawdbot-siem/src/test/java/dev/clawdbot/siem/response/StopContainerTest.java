package dev.clawdbot.siem.response;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.cli.SiemCommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stopping a container through the Docker Engine API, against a fake dockerd on a unix socket. */
class StopContainerTest {

    @TempDir
    Path dir;

    @Test
    void aContainerIsStoppedForItsTimeoutThenStartedAgain() throws Exception {
        Path sock = dir.resolve("docker.sock");
        List<Event> events = new CopyOnWriteArrayList<>();
        try (FakeDockerEngine engine = new FakeDockerEngine(sock, "web", "db");
             Database db = Database.sqlite(dir.resolve("c.db"))) {
            Instant t0 = Instant.parse("2026-12-07T19:00:00Z");
            ResponseConfig c = enforcing(sock);
            ActiveResponse r = new ActiveResponse(c, new BlockStore(db), events::add, Clock.fixed(t0, ZoneOffset.UTC));
            r.onAlertActions(880602, 7, Map.of("container", "web"));
            assertThat(engine.running).containsExactly("db");
            assertThat(engine.requests).containsExactly("POST /v1.43/containers/web/stop?t=10 HTTP/1.1");
            assertThat(events).filteredOn(e -> e.type().equals("siem.response.stop")).singleElement()
                    .satisfies(e -> assertThat(e.fields()).containsEntry("container", "web").containsEntry("timeoutSeconds", 300L));
            // A second alert while it is stopped does nothing.
            r.onAlertActions(880602, 7, Map.of("container", "web"));
            assertThat(engine.requests).hasSize(1);
            // Refused before any request: names that are not container names.
            r.onAlertActions(880602, 7, Map.of("container", "../../images/x"));
            r.onAlertActions(880602, 7, Map.of());
            // Faults: unknown container (404), daemon error (500), not HTTP: each a failure, audited.
            for (String bad : List.of("nosuch", "broken", "garbage")) r.onAlertActions(880602, 7, Map.of("container", bad));
            assertThat(events).filteredOn(e -> e.type().equals("siem.response.failed")).extracting(e -> (String) e.fields().get("error"))
                    .satisfiesExactly(e -> assertThat(e).contains("HTTP 404"), e -> assertThat(e).contains("HTTP 500"),
                            e -> assertThat(e).contains("not an HTTP response"));
            assertThat(events).filteredOn(e -> e.type().equals("siem.response.refused")).hasSize(2);

            ActiveResponse later = new ActiveResponse(c, new BlockStore(db), events::add, Clock.fixed(t0.plusSeconds(301), ZoneOffset.UTC));
            assertThat(later.expire()).isEqualTo(1);
            assertThat(engine.running).containsExactlyInAnyOrder("web", "db");
            assertThat(engine.requests.getLast()).isEqualTo("POST /v1.43/containers/web/start HTTP/1.1");
        }
    }

    /** Enforced stops of rule 880602's container for 5 minutes, through the Engine API on {@code sock}. */
    private static ResponseConfig enforcing(Path sock) {
        return new ResponseConfig("enforce", List.of(), null, null, List.of("5m"), null, null, null, null, null, null, null, null,
                List.of(880602), sock.toString());
    }

    @Test
    void blocksUnblockStartsAStoppedContainerEarlyAndKeepsTheHoldWhenTheDaemonIsGone() throws Exception {
        Path sock = dir.resolve("docker.sock");
        List<Event> events = new CopyOnWriteArrayList<>();
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T19:00:00Z"), ZoneOffset.UTC);
        try (FakeDockerEngine engine = new FakeDockerEngine(sock, "web", "db"); Database db = Database.sqlite(dir.resolve("c.db"))) {
            ActiveResponse r = new ActiveResponse(enforcing(sock), new BlockStore(db), events::add, clock);
            r.onAlertActions(880602, 7, Map.of("container", "web"));
            r.onAlertActions(880602, 7, Map.of("container", "db"));
            assertThat(engine.running).isEmpty();
            AlertStore alerts = new AlertStore(db);
            assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list").out())
                    .contains("container:web\texpires 2026-12-07T19:05:00Z (300s)", "container:db\t");

            SiemCommandRunner.Result un = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "container:web");
            assertThat(un.exit()).as(un.err()).isZero();
            assertThat(un.out()).isEqualTo("unblocked container:web\n");
            assertThat(engine.running).containsExactly("web");
            assertThat(engine.requests.getLast()).isEqualTo("POST /v1.43/containers/web/start HTTP/1.1");
            assertThat(events.getLast().type()).isEqualTo("siem.response.unblock");
            assertThat(events.getLast().fields()).containsEntry("address", "container:web").containsEntry("reason", "operator");
            assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list").out()).doesNotContain("container:web");
            assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "container:web").exit()).isEqualTo(1);
            SiemCommandRunner.Result bad = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "container:../images/x");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("does not name a valid container");

            // The daemon is gone: the stop cannot be undone, so it stays recorded (and expiry will try again).
            engine.close();
            SiemCommandRunner.Result gone = SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "unblock", "container:db");
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err()).contains("cannot lift container:db (it stays recorded)", "docker.sock");
            assertThat(SiemCommandRunner.run(alerts, clock, s -> r, "blocks", "list").out()).contains("container:db\t");
        }
    }

    @Test
    void aDaemonThatNeverAnswersHitsTheDeadline() throws Exception {
        Path sock = dir.resolve("docker.sock");
        try (FakeDockerEngine engine = new FakeDockerEngine(sock)) {
            DockerEngine client = new DockerEngine(sock, Duration.ofSeconds(1));
            long t = System.nanoTime();
            assertThatThrownBy(() -> client.stop("stuck", 10)).hasMessageContaining("no answer within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> new DockerEngine(dir.resolve("absent.sock"), Duration.ofSeconds(1)).stop("web", 10))
                    .hasMessageContaining("absent.sock");
        }
    }

    @Test
    void dryRunDecidesWithoutCallingTheDaemon() throws Exception {
        Path sock = dir.resolve("docker.sock");
        List<Event> events = new CopyOnWriteArrayList<>();
        try (FakeDockerEngine engine = new FakeDockerEngine(sock, "web"); Database db = Database.sqlite(dir.resolve("c.db"))) {
            ResponseConfig c = new ResponseConfig(null, List.of(), null, null, null, null, null, null, null, null, null, null, null,
                    List.of(880602), sock.toString());
            new ActiveResponse(c, new BlockStore(db), events::add, Clock.systemUTC()).onAlertActions(880602, 7, Map.of("container", "web"));
            assertThat(engine.requests).isEmpty();
            assertThat(events).singleElement().satisfies(e -> assertThat(e.fields()).containsEntry("dryRun", true));
        }
    }
}
