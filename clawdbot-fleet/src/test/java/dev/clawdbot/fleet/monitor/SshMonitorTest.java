package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.ssh.RealSshd;
import dev.clawdbot.fleet.ssh.SshPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSH and CONTAINER monitors against a real OpenSSH host. {@code docker} there is a stand-in printing what
 * {@code docker inspect --format '{{json .State}}'} prints (Docker 27) from a file the test rewrites.
 */
class SshMonitorTest {
    static final String RUNNING_HEALTHY = """
            {"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":4242,"ExitCode":0,"Error":"","StartedAt":"2026-12-07T10:00:00.123456789Z","FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"healthy","FailingStreak":0,"Log":[{"Start":"2026-12-07T23:59:30.1Z","End":"2026-12-07T23:59:30.2Z","ExitCode":0,"Output":"ok\\n"}]}}""";
    static final String RUNNING_UNHEALTHY = """
            {"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":4242,"ExitCode":0,"Error":"","StartedAt":"2026-12-07T10:00:00.123456789Z","FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"unhealthy","FailingStreak":3,"Log":[{"Start":"2026-12-07T23:59:00.1Z","End":"2026-12-07T23:59:00.2Z","ExitCode":0,"Output":"ok\\n"},{"Start":"2026-12-07T23:59:30.1Z","End":"2026-12-07T23:59:35.1Z","ExitCode":1,"Output":"curl: (7) Failed to connect to localhost port 8080: Connection refused\\n"}]}}""";
    static final String EXITED = """
            {"Status":"exited","Running":false,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":0,"ExitCode":137,"Error":"","StartedAt":"2026-12-07T10:00:00.123456789Z","FinishedAt":"2026-12-07T23:58:00.5Z"}""";

    @TempDir
    static Path dir;
    static RealSshd sshd;
    static SshPool pool;
    static Inventory inventory;
    static Database db;
    static final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    static final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sshd = new RealSshd(dir);
        Path state = dir.resolve("state.json");
        Files.writeString(state, RUNNING_HEALTHY);
        sshd.standIn("docker", """
                [ "$1" = inspect ] && [ "$2" = --format ] && [ "$3" = '{{json .State}}' ] || exit 2
                [ "$4" = web ] || { echo "Error: No such object: $4" >&2; exit 1; }
                cat '%s'""".formatted(state));
        sshd.standIn("health", """
                echo "status: $1"
                exit "$2"
                """);
        HostSpec web = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(sshd.fingerprint()), null, null, null,
                null, Duration.ofSeconds(5), null);
        HostSpec unpinned = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(), null, null, null, null,
                Duration.ofSeconds(5), null);
        inventory = Inventory.of(Map.of("web1", web, "fresh", unpinned), null);
        pool = new SshPool(EventSink.NONE, OperatorNotifier.none(), Clock.systemUTC(), Duration.ofMinutes(5));
        db = Database.sqlite(dir.resolve("fleet.db"));
    }

    @AfterAll
    static void stop() throws Exception {
        pool.close();
        sshd.close();
        db.close();
    }

    private static CheckResult check(String yaml) {
        return Probe.of(Specs.of(yaml), new Probe.Context(null, null, Clock.systemUTC(), null, null, inventory, pool)).check();
    }

    @Test
    void sshUpOnExitZeroWithTheKeyword() {
        CheckResult r = check("name: s1, type: SSH, host: web1, command: [health, 'all good', '0'], keyword: 'all good'");
        assertThat(r.up()).as(r.cause()).isTrue();
        assertThat(pool.openConnections()).isEqualTo(1);
        // A second check reuses the pooled connection.
        assertThat(check("name: s1, type: SSH, host: web1, command: [health, ok, '0']").up()).isTrue();
        assertThat(pool.openConnections()).isEqualTo(1);
    }

    @Test
    void sshDownOnAnUnexpectedExitOrAMissingKeyword() {
        CheckResult exit1 = check("name: s2, type: SSH, host: web1, command: [health, broken, '1']");
        assertThat(exit1.up()).isFalse();
        assertThat(exit1.cause()).isEqualTo("health exited 1, expected [0]: status: broken");
        assertThat(check("name: s2, type: SSH, host: web1, command: [health, broken, '1'], expectedExit: [1, 2]").up()).isTrue();
        CheckResult missing = check("name: s3, type: SSH, host: web1, command: [health, degraded, '0'], keyword: 'all good'");
        assertThat(missing.up()).isFalse();
        assertThat(missing.cause()).isEqualTo("keyword \"all good\" not found in the output");
        assertThat(check("name: s3, type: SSH, host: web1, command: [health, degraded, '0'], keyword: '.*', keywordAbsent: true").up())
                .as("plain text, not a pattern").isTrue();
        // The argv is quoted exactly: no shell expansion on the host.
        CheckResult literal = check("name: s4, type: SSH, host: web1, command: [health, '$(id -u);x', '0'], keyword: '$(id -u);x'");
        assertThat(literal.up()).as(literal.cause()).isTrue();
    }

    @Test
    void anUnpinnedHostIsAFailingCheckWithTheCause() {
        CheckResult r = check("name: s5, type: SSH, host: fresh, command: [health, ok, '0']");
        assertThat(r.up()).isFalse();
        assertThat(r.cause()).startsWith("host fresh unreachable: ").containsIgnoringCase("pin");
    }

    @Test
    void containerStatesAndTheMonitorsHysteresis() throws Exception {
        MonitorSpec spec = Specs.of("name: c1, type: CONTAINER, host: web1, container: web, retries: 2, upAfter: 2,"
                + " interval: PT0.05S, retryInterval: PT0.02S");
        Monitor m = new Monitor(spec, Probe.of(spec, new Probe.Context(null, null, Clock.systemUTC(), null, null, inventory, pool)),
                new MonitorStore(db), notices::add, events::add);
        Path state = dir.resolve("state.json");
        assertThat(m.checkOnce()).isEqualTo(Duration.ofMillis(50));
        assertThat(m.state()).isEqualTo(MonitorState.UP);

        Files.writeString(state, RUNNING_UNHEALTHY);
        assertThat(m.checkOnce()).isEqualTo(Duration.ofMillis(20));
        assertThat(m.state()).isEqualTo(MonitorState.UP);
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        assertThat(notices).last().satisfies(n -> assertThat(n.body())
                .isEqualTo("container web is unhealthy: curl: (7) Failed to connect to localhost port 8080: Connection refused"));

        Files.writeString(state, EXITED);
        CheckResult exited = check("name: c2, type: CONTAINER, host: web1, container: web");
        assertThat(exited.cause()).isEqualTo("container web is exited 137");
        CheckResult missing = check("name: c3, type: CONTAINER, host: web1, container: other");
        assertThat(missing.cause()).isEqualTo("container other: docker inspect exited 1: Error: No such object: other");

        Files.writeString(state, RUNNING_HEALTHY);
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        m.checkOnce();
        assertThat(m.state()).isEqualTo(MonitorState.UP);
        assertThat(events).extracting(Event::type).containsExactly("monitor.down", "monitor.up");
    }

    @Test
    void aRunningContainerWithoutAHealthcheckIsUp() {
        assertThat(SshProbe.containerProblem("container x", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("Status", "running").put("Running", true))).isNull();
        assertThat(SshProbe.containerProblem("container x", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("Status", "restarting").put("Running", true).put("Restarting", true).put("ExitCode", 1)))
                .isEqualTo("container x is restarting (exit 1)");
    }

    @Test
    void theRoleRunsSshMonitorsOverItsOwnPoolAndClosesIt() throws Exception {
        Database roleDb = Database.sqlite(dir.resolve("role.db"));
        MonitorSpec spec = Specs.of("name: role-ssh, type: SSH, host: web1, command: [health, ok, '0'], interval: PT0.05S");
        MonitorRole role = new MonitorRole(roleDb, new MonitorsConfig(true, List.of(spec)), n -> { }, EventSink.NONE, Clock.systemUTC(), inventory);
        try {
            role.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (role.store().recent("role-ssh", 3).size() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(role.store().recent("role-ssh", 3)).hasSize(3).allSatisfy(c -> assertThat(c.up()).as(c.cause()).isTrue());
        } finally {
            role.close();
            roleDb.close();
        }
        // After close the role's pool refuses work: a probe built on it fails with the cause, not an exception.
        assertThat(Probe.of(spec, role.probeContext()).check().cause()).contains("the SSH pool is closed");
    }
}
