package dev.clawdbot.fleet.cli;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.hosts.PinStore;
import dev.clawdbot.fleet.monitor.MonitorStore;
import dev.clawdbot.fleet.monitor.MonitorsConfig;
import dev.clawdbot.fleet.monitor.StoredMonitors;
import dev.clawdbot.fleet.ssh.RealSshd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clawdbot monitors check} of SSH and CONTAINER monitors against a real OpenSSH host, through the inventory with
 * its pins ({@code hostKeys} and {@code DATA/ssh/known_hosts}) as {@code clawdbot hosts} sees it.
 */
class MonitorsCheckSshTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static Database db;
    static Inventory inventory;
    static Path data;
    static final List<Event> events = new CopyOnWriteArrayList<>();
    static final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sshd = new RealSshd(dir);
        sshd.standIn("docker", """
                [ "$1" = inspect ] && [ "$4" = web ] || { echo "Error: No such object: $4" >&2; exit 1; }
                echo '{"Status":"running","Running":true,"Paused":false,"Restarting":false,"ExitCode":0}'""");
        sshd.standIn("health", """
                echo "status: $1"
                exit "$2"
                """);
        // web1 has no hostKeys: it is pinned, or not, in DATA/ssh/known_hosts (where `clawdbot hosts pin` writes).
        data = dir.resolve("data");
        HostSpec web = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(), null, null, null, null,
                Duration.ofSeconds(5), null);
        inventory = Inventory.of(Map.of("web1", web), new PinStore(data));
        db = Database.sqlite(dir.resolve("fleet.db"));
        StoredMonitors stored = new StoredMonitors(db, Clock.systemUTC(), dev.clawdbot.fleet.monitor.SecretSeal.none());
        stored.put(StoredMonitors.parse("{\"name\":\"nginx\",\"type\":\"SSH\",\"host\":\"web1\",\"command\":[\"health\",\"all good\",\"0\"],\"keyword\":\"all good\"}"), false);
        stored.put(StoredMonitors.parse("{\"name\":\"broken\",\"type\":\"SSH\",\"host\":\"web1\",\"command\":[\"health\",\"broken\",\"3\"]}"), false);
        stored.put(StoredMonitors.parse("{\"name\":\"web-container\",\"type\":\"CONTAINER\",\"host\":\"web1\",\"container\":\"web\"}"), false);
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
        db.close();
    }

    private record Run(int exit, String out) { }

    private static Run run(MonitorsCommand.Hosts hosts, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new MonitorsCommand(() -> new MonitorsConfig(null, List.of()), () -> dev.clawdbot.core.Opened.of(new MonitorsCommand.Stores(new MonitorStore(db),
                new StoredMonitors(db, Clock.systemUTC(), dev.clawdbot.fleet.monitor.SecretSeal.none()))), Clock.systemUTC(), hosts));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return new Run(cli.execute(args), out.toString());
    }

    private static MonitorsCommand.Hosts hosts() {
        return new MonitorsCommand.Hosts(() -> inventory, () -> dev.clawdbot.core.Opened.of(new HostsCommand.Reporting(events::add, notices::add)));
    }

    @Test
    void refusedUntilPinnedThenSshAndContainerMonitorsRunOnTheManagedHost() throws Exception {
        Run refused = run(hosts(), "check", "nginx");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("nginx: DOWN in ").contains("host web1 unreachable: ").containsIgnoringCase("pin");
        assertThat(events).extracting(Event::type).containsExactly("fleet.ssh.hostkey.refused");
        assertThat(notices).extracting(OperatorNotice::source).containsExactly("fleet.ssh");

        // The pin `clawdbot hosts pin web1` records; the next command's pool reads it.
        Files.createDirectories(data.resolve("ssh"));
        Files.writeString(data.resolve("ssh").resolve("known_hosts"), sshd.knownHostsLine() + " clawdbot:web1\n");
        Run up = run(hosts(), "check", "nginx");
        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out()).startsWith("nginx: UP in ");
        Run down = run(hosts(), "check", "broken");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.out()).contains("broken: DOWN in ").contains("health exited 3, expected [0]: status: broken");
        Run container = run(hosts(), "check", "web-container");
        assertThat(container.exit()).as(container.out()).isZero();
        assertThat(container.out()).startsWith("web-container: UP in ");
        assertThat(events).hasSize(1);
        // Each command's pool is closed when it ends: no connection to the sshd is left open.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> established(sshd.port) == 0);
    }

    /** TCP connections to the port in state ESTABLISHED, as {@code ss} (iproute2) lists them. */
    private static long established(int port) throws Exception {
        Process p = new ProcessBuilder("ss", "-tnH", "state", "established", "( dport = :" + port + " )").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> !l.isBlank()).count();
    }

    @Test
    void withoutTheSshLayerTheCheckSaysSo() {
        Run r = run(null, "check", "nginx");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("no managed hosts here");
    }
}
