package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the monitor tests that drive {@link Monitor}s by hand share: a SQLite file in a temporary folder, one
 * {@link TestServers} to probe, an HTTP client, and the notices and events the monitors send, each fresh per test.
 */
abstract class MonitorFixture {
    @TempDir
    Path dir;
    Database db;
    TestServers server;
    HttpClient http;
    final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openFixture() throws Exception {
        db = Database.sqlite(dir.resolve("fleet.db"));
        server = new TestServers();
        http = newHttp();
    }

    @AfterEach
    void closeFixture() {
        server.close();
        http.close();
        db.close();
    }

    /** The client the probes use; the JDK's default one (no redirects followed) unless a test says otherwise. */
    HttpClient newHttp() {
        return HttpClient.newHttpClient();
    }
}
