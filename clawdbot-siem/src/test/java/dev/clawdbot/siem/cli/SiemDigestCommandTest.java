package dev.clawdbot.siem.cli;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.SiemRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SiemDigestCommandTest {

    @Test
    void printsTheLastDaysDigest(@TempDir Path dir) {
        Instant now = Instant.parse("2026-12-07T20:00:00Z");
        try (Database db = Database.sqlite(dir.resolve("c.db"))) {
            AlertStore store = new AlertStore(db);
            store.insert(new AlertStore.StoredAlert(now.minusSeconds(3600), 880110, 10, "203.0.113.9", "sshd: brute force from 203.0.113.9.", "{}"));
            SiemCommandRunner.Result r = SiemCommandRunner.run(store, Clock.fixed(now, ZoneOffset.UTC), s -> null, "digest");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).startsWith("Security digest " + SiemRole.localHostName() + " 2026-12-07: 1 alerts, 1 at level 10+, 0 file changes, 0 responses\n\n"
                    + "Security digest for " + SiemRole.localHostName() + ", 2026-12-06 20:00 to 2026-12-07 20:00 Z\n")
                    .contains("880110  level 10  x1      sshd: brute force from 203.0.113.9.");
        }
    }
}
