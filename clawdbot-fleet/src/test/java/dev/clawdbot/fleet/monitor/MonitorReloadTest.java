package dev.clawdbot.fleet.monitor;

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
 * A running monitor role and {@code clawdbot monitors} as another process would run it (its own database pool on
 * the same SQLite file): what the command adds, replaces, pauses, resumes or deletes takes effect in the running
 * role within {@link MonitorRole#RELOAD_EVERY} plus a check, and the monitors it did not touch keep running.
 */
class MonitorReloadTest {
    /** The reload interval, a check, and slack for the shared 2-core machine. */
    private static final Duration BOUND = MonitorRole.RELOAD_EVERY.plusSeconds(4);

    @TempDir
    Path dir;
    private Database serverDb;
    private Database cliDb;
    private TestServers good;
    private TestServers bad;
    private final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        serverDb = Database.sqlite(dir.resolve("clawdbot.db"));
        cliDb = Database.sqlite(dir.resolve("clawdbot.db"));
        good = new TestServers();
        bad = new TestServers();
        bad.status.set(500);
    }

    @AfterEach
    void tearDown() {
        good.close();
        bad.close();
        cliDb.close();
        serverDb.close();
    }

    private int cli(MonitorsConfig config, String... args) {
        StringWriter out = new StringWriter();
        CommandLine c = new CommandLine(new MonitorsCommand(() -> config, () -> dev.clawdbot.core.Opened.of(new MonitorsCommand.Stores(new MonitorStore(cliDb),
                new StoredMonitors(cliDb, Clock.systemUTC(), dev.clawdbot.fleet.monitor.SecretSeal.none()))), Clock.systemUTC()));
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(out, true));
        int exit = c.execute(args);
        assertThat(exit).as(out.toString()).isZero();
        return exit;
    }

    private static String http(String name, java.net.URI url) {
        return "{\"name\":\"" + name + "\",\"type\":\"HTTP\",\"url\":\"" + url + "\",\"interval\":\"PT0.1S\",\"retries\":1,\"upAfter\":1}";
    }

    /** A config of one HTTP monitor on the good server, checked every 0.1 s, DOWN and UP at the first check. */
    private MonitorsConfig oneFast(String name) {
        return new MonitorsConfig(null, List.of(Specs.of("name: " + name + ", type: HTTP, url: '" + good.uri("/" + name)
                + "', interval: PT0.1S, retries: 1, upAfter: 1")));
    }

    /** A started role over the server's pool, once {@code name} is UP. */
    private MonitorRole runningUntilUp(MonitorsConfig config, String name) {
        MonitorRole role = new MonitorRole(serverDb, config, notices::add, events::add, Clock.systemUTC());
        try {
            role.start();
            await().atMost(BOUND).until(() -> role.state(name) == MonitorState.UP);
            return role;
        } catch (RuntimeException | Error e) {
            role.close();
            throw e;
        }
    }

    @Test
    void cliChangesReachTheRunningRoleWithoutARestart() throws Exception {
        MonitorSpec cfg = Specs.of("name: cfg, type: HTTP, url: '" + good.uri("/cfg") + "', interval: PT0.1S, retries: 1, upAfter: 1");
        MonitorsConfig config = new MonitorsConfig(null, List.of(cfg));
        cli(config, "add", http("steady", good.uri("/steady")));
        try (MonitorRole role = new MonitorRole(serverDb, config, notices::add, events::add, Clock.systemUTC())) {
            role.start();
            await().atMost(BOUND).until(() -> role.state("steady") == MonitorState.UP && role.state("cfg") == MonitorState.UP);
            Thread cfgThread = role.thread("cfg");
            Thread steadyThread = role.thread("steady");

            long added = System.nanoTime();
            cli(config, "add", http("api", good.uri("/api")));
            await().atMost(BOUND).until(() -> !role.store().recent("api", 1).isEmpty());
            long addedMs = (System.nanoTime() - added) / 1_000_000;
            assertThat(role.state("api")).isEqualTo(MonitorState.UP);
            System.out.println("monitors add -> first check in the running role: " + addedMs + " ms");

            cli(config, "add", "--replace", http("api", bad.uri("/api")));
            await().atMost(BOUND).until(() -> role.state("api") == MonitorState.DOWN);
            assertThat(notices).extracting(OperatorNotice::subject).contains("Monitor api is DOWN");

            cli(config, "pause", "api");
            await().atMost(BOUND).until(() -> role.state("api") == null);
            cli(config, "resume", "api");
            await().atMost(BOUND).until(() -> role.state("api") != null);

            cli(config, "delete", "api");
            await().atMost(BOUND).until(() -> role.state("api") == null);
            int checks = role.store().recent("api", 10_000).size();
            Thread.sleep(500); // five intervals
            assertThat(role.store().recent("api", 10_000)).as("no check after the delete").hasSize(checks);

            // Only what changed was rescheduled: the others kept their threads (and so their state and schedule).
            assertThat(role.thread("cfg")).isSameAs(cfgThread);
            assertThat(role.thread("steady")).isSameAs(steadyThread);
            assertThat(role.specs()).extracting(MonitorSpec::name).containsExactly("cfg", "steady");
        }
    }

    @Test
    void aStoredMonitorNamedLikeAConfigOneIsIgnoredByTheReload() throws Exception {
        try (MonitorRole role = runningUntilUp(oneFast("cfg"), "cfg")) {
            Thread cfgThread = role.thread("cfg");
            // Another process wrote it directly (the CLI refuses config names): the config's monitor stays.
            new StoredMonitors(cliDb, Clock.systemUTC(), dev.clawdbot.fleet.monitor.SecretSeal.none()).put(StoredMonitors.parse(http("cfg", bad.uri("/cfg"))), false);
            await().atMost(BOUND).until(() -> role.reload() == 0);
            assertThat(role.thread("cfg")).isSameAs(cfgThread);
            assertThat(role.state("cfg")).isEqualTo(MonitorState.UP);
        }
    }

    @Test
    void aMonitorAddedByTheCliCountsForTheOwnNetworkCheck() throws Exception {
        // Three external monitors (TEST-NET-1, unreachable) in the config; a fourth comes from the CLI later. DOWN
        // takes 3 failures 0.5 s apart, so all three have failed once when the first settles (the documented limitation).
        List<MonitorSpec> ext = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ext.add(Specs.of("name: ext" + i + ", type: TCP, host: 192.0.2." + i + ", port: 80, timeout: PT0.3S, interval: PT0.5S,"
                    + " retryInterval: PT0.5S, retries: 3, upAfter: 1"));
        }
        MonitorsConfig config = new MonitorsConfig(null, ext);
        try (MonitorRole role = new MonitorRole(serverDb, config, notices::add, events::add, Clock.systemUTC())) {
            role.start();
            await().atMost(BOUND).until(() -> notices.stream().anyMatch(n -> n.subject().equals("Own network appears down")));
            cli(config, "add", "{\"name\":\"ext4\",\"type\":\"TCP\",\"host\":\"192.0.2.4\",\"port\":80,\"timeout\":\"PT0.3S\","
                    + "\"interval\":\"PT0.5S\",\"retryInterval\":\"PT0.5S\",\"retries\":3,\"upAfter\":1}");
            await().atMost(BOUND).until(() -> role.state("ext4") == MonitorState.DOWN);
            // Its DOWN is folded into the one network notice, as the others' were.
            assertThat(notices).extracting(OperatorNotice::subject).containsExactly("Own network appears down");
            assertThat(events).filteredOn(e -> e.type().equals("monitor.down") && e.fields().get("monitor").equals("ext4"))
                    .singleElement().satisfies(e -> assertThat(e.fields().get("networkDown")).isEqualTo(true));
        }
    }

    @Test
    void aWindowAddedByTheCliPutsAFailingMonitorIntoMaintenanceWithoutANotice() throws Exception {
        MonitorsConfig config = oneFast("web");
        try (MonitorRole role = runningUntilUp(config, "web")) {

            // Starts every minute and lasts two: always inside, in any time zone.
            long added = System.nanoTime();
            cli(config, "windows", "add", "{\"name\":\"always\",\"calendar\":\"*-*-* *:*:00\",\"duration\":\"PT2M\",\"monitors\":[\"web\"]}");
            await().atMost(BOUND).until(() -> role.state("web") == MonitorState.MAINTENANCE);
            System.out.println("monitors windows add -> MAINTENANCE in the running role: " + (System.nanoTime() - added) / 1_000_000 + " ms");

            good.status.set(500);
            int before = role.store().recent("web", 10_000).size();
            await().atMost(BOUND).until(() -> role.store().recent("web", 10_000).size() >= before + 5);
            assertThat(role.store().recent("web", 1).getFirst().up()).isFalse();
            assertThat(role.state("web")).isEqualTo(MonitorState.MAINTENANCE);
            assertThat(notices).isEmpty();
            assertThat(events).noneMatch(e -> e.type().equals("monitor.down"));

            cli(config, "windows", "delete", "always");
            await().atMost(BOUND).until(() -> role.state("web") == MonitorState.DOWN && !notices.isEmpty());
            assertThat(notices).extracting(OperatorNotice::subject).containsExactly("Monitor web is DOWN");
        }
    }
}
