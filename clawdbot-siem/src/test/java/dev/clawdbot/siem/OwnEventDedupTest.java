package dev.clawdbot.siem;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.EventNotices;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.fim.FimConfig;
import dev.clawdbot.siem.journal.JournalConfig;
import dev.clawdbot.siem.rules.Ruleset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Clawdbot event at the operator's level reaches the operator once: through the event notice (core's
 * {@link EventNotices}, as the app wires it), not a second time as the SIEM alert made from it.
 */
class OwnEventDedupTest {

    @TempDir
    Path dir;

    @Test
    void theEventNoticeWinsAndAnAlertThatRaisesALowerEventIsSent() {
        List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
        try (Database db = Database.sqlite(dir.resolve("clawdbot.db")); EventNotices fromEvents = new EventNotices(notices::add, 10)) {
            AlertStore store = new AlertStore(db);
            SiemConfig c = new SiemConfig(true, List.of(), List.of(), 3, 10, 1000, 50, true, null,
                    new FimConfig(false, null, null, null, null, null, null, null), new JournalConfig(false, null), null, null);
            SiemRole role = new SiemRole(c, Ruleset.shipped(), store, notices::add, e -> { }, Clock.systemUTC(), "h");
            role.eventNoticeLevel(10);
            role.start();
            try {
                // Both listeners get every event, as on the app's event log.
                for (Event e : List.of(
                        new Event(Instant.now(), "guard.blocked", 10, "mail", Event.pairs("reason", "prompt injection")),
                        new Event(Instant.now(), "bridge.rejected", 5, "bridge", Event.pairs("agent", "ops", "status", 401)))) {
                    fromEvents.emit(e);
                    role.emit(e);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> store.query(Instant.EPOCH, 0, 10).size() == 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> notices.size() >= 2);
                await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
                assertThat(store.query(Instant.EPOCH, 0, 10)).extracting(AlertStore.StoredAlert::ruleId).containsExactlyInAnyOrder(880801, 880810);
                assertThat(notices).extracting(OperatorNotice::dedupKey).containsExactlyInAnyOrder("event:guard.blocked:mail", "siem:880810:");
            } finally {
                role.close();
            }
        }
    }
}
