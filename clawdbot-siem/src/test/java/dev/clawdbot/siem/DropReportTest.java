package dev.clawdbot.siem;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.fim.FimConfig;
import dev.clawdbot.siem.journal.JournalConfig;
import dev.clawdbot.siem.rules.Ruleset;
import dev.clawdbot.siem.rules.ShippedRulesetTest.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A sustained flood: memory stays at the queue's bound, drops are counted and reported once per minute. */
class DropReportTest {

    @TempDir
    Path dir;

    @Test
    void aSustainedFloodIsOneReportPerInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T19:00:00Z"));
        List<OperatorNotice> notices = new CopyOnWriteArrayList<>();
        List<Event> events = new CopyOnWriteArrayList<>();
        try (Database db = Database.sqlite(dir.resolve("clawdbot.db"))) {
            SiemConfig c = new SiemConfig(true, List.of(), List.of(), 3, 10, 16, 50, true, null,
                    new FimConfig(false, null, null, null, null, null, null, null), new JournalConfig(false, null), null, null);
            SiemRole role = new SiemRole(c, Ruleset.shipped(), new AlertStore(db), notices::add, events::add, clock, "h");
            try {
                role.startReaders();
                for (int i = 0; i < 1000; i++) role.emit(new Event(clock.instant(), "sandbox.exec", 2, "sandbox", Event.pairs("program", "ls")));
                role.startEngine();
                await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.type().equals("siem.dropped")));
                // The flood goes on within the minute: counted, not reported again.
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < 1000; i++) role.emit(new Event(clock.instant(), "sandbox.exec", 2, "sandbox", Event.pairs("program", "ls")));
                    clock.advance(Duration.ofSeconds(5));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> role.analysed() >= 16 * 2);
                assertThat(events).filteredOn(e -> e.type().equals("siem.dropped")).hasSize(1)
                        .first().satisfies(e -> assertThat(e.fields()).containsEntry("lines", 984L));
                long dropped = role.dropped();
                assertThat(dropped).isGreaterThan(984);
                clock.advance(Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().filter(e -> e.type().equals("siem.dropped")).count() == 2);
                assertThat(events).filteredOn(e -> e.type().equals("siem.dropped")).last()
                        .satisfies(e -> assertThat(e.fields()).containsEntry("lines", dropped - 984).containsEntry("total", dropped));
                assertThat(notices).filteredOn(n -> n.dedupKey().equals("siem:dropped")).hasSize(2);
            } finally {
                role.close();
            }
        }
    }
}
