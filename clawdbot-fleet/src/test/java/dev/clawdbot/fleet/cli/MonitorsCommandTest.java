package dev.clawdbot.fleet.cli;

import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.monitor.CheckResult;
import dev.clawdbot.fleet.monitor.MonitorSpec;
import dev.clawdbot.fleet.monitor.MonitorStore;
import dev.clawdbot.fleet.monitor.MonitorsConfig;
import dev.clawdbot.fleet.monitor.StoredMonitors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code clawdbot monitors} against a SQLite database and a local HTTP server. */
class MonitorsCommandTest {
    @TempDir
    Path dir;
    private Database db;
    private HttpServer server;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        db = Database.sqlite(dir.resolve("fleet.db"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/broken") ? 500 : 200, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        db.close();
    }

    private int run(String... args) {
        MonitorSpec web = StoredMonitors.parse("{\"name\":\"web\",\"type\":\"HTTP\",\"url\":\"" + url("/") + "\"}");
        CommandLine cli = new CommandLine(new MonitorsCommand(() -> new MonitorsConfig(null, List.of(web)), () -> new MonitorStore(db),
                () -> new StoredMonitors(db, clock, dev.clawdbot.fleet.monitor.SecretSeal.open(dir)), clock));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void addListCheckAndHistory() {
        assertThat(run("add", "{\"name\":\"api\",\"type\":\"HTTP\",\"url\":\"" + url("/broken") + "\",\"interval\":\"PT30S\"}")).isZero();
        assertThat(out.toString()).contains("stored monitor api (HTTP " + url("/broken") + ")");
        assertThat(run("add", "{\"name\":\"api\",\"type\":\"HTTP\",\"url\":\"" + url("/") + "\"}")).isEqualTo(2);
        assertThat(err.toString()).contains("monitor api exists; --replace to replace it");
        assertThat(run("add", "{\"name\":\"web\",\"type\":\"TCP\",\"host\":\"x\",\"port\":1}")).isEqualTo(2);
        assertThat(err.toString()).contains("monitor web is in the config file; edit it there");
        assertThat(run("add", "{\"name\":\"db\",\"type\":\"TCP\",\"host\":\"x\",\"port\":70000}")).isEqualTo(2);
        assertThat(err.toString()).contains("monitors.db.port: need 1..65535, was 70000");
        assertThat(new StoredMonitors(db, clock, dev.clawdbot.fleet.monitor.SecretSeal.open(dir)).get("api").spec().interval()).isEqualTo(Duration.ofSeconds(30));

        MonitorStore store = new MonitorStore(db);
        store.record("web", new CheckResult(clock.instant().minusSeconds(60), true, Duration.ofMillis(42), null));
        out.getBuffer().setLength(0);
        assertThat(run("list")).isZero();
        assertThat(out.toString()).contains("web", "config", "UP 2026-12-07T11:59:00Z", "100.00%")
                .contains("api", "stored", "never");

        out.getBuffer().setLength(0);
        assertThat(run("check", "web")).isZero();
        assertThat(out.toString()).startsWith("web: UP in ");
        assertThat(run("check", "api")).isEqualTo(1);
        assertThat(out.toString()).contains("api: DOWN in ").contains("status 500, expected 2xx");
        assertThat(run("check", "nosuch")).isEqualTo(2);
        assertThat(err.toString()).contains("no monitor nosuch");

        out.getBuffer().setLength(0);
        assertThat(run("history", "web")).isZero();
        assertThat(out.toString()).contains("uptime 24h 100.00%").contains("2026-12-07T11:59:00Z  UP       42 ms").contains("incidents: none");
    }
}
