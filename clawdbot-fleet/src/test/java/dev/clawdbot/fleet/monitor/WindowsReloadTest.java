package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.Opened;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.cli.MonitorsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code clawdbot monitors windows add|delete} as another process runs it (its own pool on the same SQLite file)
 * and a running monitor role: the window reaches the role through the change counter, a failing monitor inside it
 * shows MAINTENANCE and tells no one, and after the delete it goes DOWN with its notice.
 */
class WindowsReloadTest {
    /** The reload interval, a check, and slack for the shared 2-core machine. */
    private static final Duration BOUND = MonitorRole.RELOAD_EVERY.plusSeconds(4);

    @TempDir
    Path dir;
    private Database serverDb;
    private Database cliDb;
    private TestServers server;
    private final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        serverDb = Database.sqlite(dir.resolve("clawdbot.db"));
        cliDb = Database.sqlite(dir.resolve("clawdbot.db"));
        server = new TestServers();
    }

    @AfterEach
    void tearDown() {
        server.close();
        cliDb.close();
        serverDb.close();
    }

    private String cli(MonitorsConfig config, String... args) {
        StringWriter out = new StringWriter();
        CommandLine c = new CommandLine(new MonitorsCommand(() -> config, () -> Opened.of(new MonitorsCommand.Stores(new MonitorStore(cliDb),
                new StoredMonitors(cliDb, Clock.systemUTC(), SecretSeal.none()))), Clock.systemUTC()));
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(out, true));
        assertThat(c.execute(args)).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void aWindowAddedByTheCliPutsAFailingMonitorIntoMaintenanceWithoutANotice() throws Exception {
        MonitorSpec web = Specs.of("name: web, type: HTTP, url: '" + server.uri("/") + "', interval: PT0.1S, retries: 1, upAfter: 1");
        MonitorsConfig config = new MonitorsConfig(null, List.of(web));
        try (MonitorRole role = new MonitorRole(serverDb, config, notices::add, events::add, Clock.systemUTC())) {
            role.start();
            await().atMost(BOUND).until(() -> role.state("web") == MonitorState.UP);

            // Starts every minute and lasts two: always inside, in any time zone.
            long added = System.nanoTime();
            assertThat(cli(config, "windows", "add", "{\"name\":\"always\",\"calendar\":\"*-*-* *:*:00\",\"duration\":\"PT2M\",\"monitors\":[\"web\"]}"))
                    .contains("stored maintenance window always");
            await().atMost(BOUND).until(() -> role.state("web") == MonitorState.MAINTENANCE);
            System.out.println("monitors windows add -> MAINTENANCE in the running role: " + (System.nanoTime() - added) / 1_000_000 + " ms");

            server.status.set(500);
            int before = role.store().recent("web", 10_000).size();
            await().atMost(BOUND).until(() -> role.store().recent("web", 10_000).size() >= before + 5);
            assertThat(role.store().recent("web", 1).getFirst().up()).isFalse();
            assertThat(role.state("web")).isEqualTo(MonitorState.MAINTENANCE);
            assertThat(notices).isEmpty();
            assertThat(events).noneMatch(e -> e.type().equals("monitor.down"));

            assertThat(cli(config, "windows", "delete", "always")).contains("deleted maintenance window always");
            await().atMost(BOUND).until(() -> role.state("web") == MonitorState.DOWN);
            await().atMost(BOUND).until(() -> !notices.isEmpty());
            assertThat(notices).extracting(OperatorNotice::subject).containsExactly("Monitor web is DOWN");
        }
    }
}
