package dev.clawdbot.core;

import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventLog;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A data directory after a real start (database, events, token) has nothing for doctor to complain about. */
class DataDirIntegrationTest {

    @Test
    void everythingCoreCreatesIsPrivate(@TempDir Path tmp) {
        DataDir data = DataDir.open(tmp.resolve("data"));
        data.gatewayToken(Optional.empty());
        try (Database db = Database.sqlite(data.resolve("clawdbot.db"));
             EventLog log = new EventLog(db, data.resolve("events/events.jsonl"), Clock.systemUTC(), new SecretRedactor(),
                     EventLog.DEFAULT_ROTATE_BYTES)) {
            log.emit(new Event(Instant.now(), "gateway.started", 3, "system", Event.pairs()));
            assertThat(log.recent(1, "gateway.", 0)).hasSize(1);
        }
        assertThat(Files.exists(data.resolve("clawdbot.db"))).isTrue();
        assertThat(Files.exists(data.resolve("events/events.jsonl"))).isTrue();
        assertThat(data.permissionProblems()).isEmpty();
    }
}
