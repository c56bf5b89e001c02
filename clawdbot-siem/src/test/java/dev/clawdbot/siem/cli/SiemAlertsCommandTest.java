package dev.clawdbot.siem.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.AlertStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SiemAlertsCommandTest {

    private static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");

    @Test
    void filtersBySinceAndLevelOldestFirst(@TempDir Path dir) {
        try (Database db = Database.sqlite(dir.resolve("c.db"))) {
            AlertStore store = new AlertStore(db);
            store.insert(new AlertStore.StoredAlert(NOW.minus(Duration.ofDays(2)), 880102, 5, "1.1.1.1", "old", "{\"n\":1}"));
            store.insert(new AlertStore.StoredAlert(NOW.minus(Duration.ofHours(2)), 880102, 5, "1.1.1.1", "low", "{\"n\":2}"));
            store.insert(new AlertStore.StoredAlert(NOW.minus(Duration.ofHours(1)), 880110, 10, "1.1.1.1", "high", "{\"n\":3}"));
            assertThat(run(store, "alerts")).isEqualTo("{\"n\":2}\n{\"n\":3}\n");
            assertThat(run(store, "alerts", "--level", "10")).isEqualTo("{\"n\":3}\n");
            assertThat(run(store, "alerts", "--since", "3d")).startsWith("{\"n\":1}\n");
            assertThat(run(store, "alerts", "--since", "2026-12-07T18:30:00Z")).isEqualTo("{\"n\":3}\n");
            assertThat(run(store, "alerts", "--since", "yesterday")).isEmpty();
        }
    }

    private static String run(AlertStore store, String... args) {
        CommandLine cl = new CommandLine(new SiemCommand(Clock.fixed(NOW, ZoneOffset.UTC), new ByteArrayInputStream(new byte[0]), () -> Opened.of(store)));
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.execute(args);
        return out.toString();
    }
}
