package dev.clawdbot.ops.secrets;

import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.db.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reminder ladder over a real SQLite database, the clock stepped day by day. */
class RotationRemindersTest {
    @TempDir
    Path dir;

    static final Instant START = Instant.parse("2026-01-01T09:00:00Z");

    @Test
    void ladderSendsSoonDueAndWeeklyOverdueEachOnceAcrossDailyRuns() throws Exception {
        MutableClock clock = new MutableClock(START, ZoneOffset.UTC);
        List<OperatorNotice> sent = new ArrayList<>();
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            RotationStore store = new RotationStore(db);
            SecretEntry smtp = new SecretEntry("smtp-password", "mail relay", "30d", "alice", "Update the relay, then send a test mail.");
            Inventory inv = new Inventory(List.of(smtp), List.of(), store, clock);
            RotationReminders job = new RotationReminders(inv, store, sent::add, clock);

            // Day 0: first seen, so due on day 30 (2026-01-31). Days 0..15 are quiet; day 16 is 14 days before.
            List<String> dayOfNotice = new ArrayList<>();
            for (int day = 0; day <= 52; day++) {
                clock.set(START.plus(Duration.ofDays(day)));
                int before = sent.size();
                job.run(clock.instant());
                job.run(clock.instant()); // a second run the same day sends nothing more
                if (sent.size() > before) dayOfNotice.add(day + ":" + sent.getLast().level());
            }
            assertThat(dayOfNotice).containsExactly("16:5", "30:7", "37:10", "44:10", "51:10");
            assertThat(sent.get(0).subject()).isEqualTo("Secret smtp-password is due for rotation in 14 days (2026-01-31)");
            assertThat(sent.get(1).subject()).isEqualTo("Secret smtp-password is due for rotation (2026-01-31)");
            assertThat(sent.get(2).subject()).isEqualTo("Secret smtp-password is 7 days overdue for rotation (due 2026-01-31)");
            assertThat(sent.get(0).body()).contains("Used by: mail relay", "Owner: alice", "(never recorded; tracked since then)",
                    "Update the relay, then send a test mail.");
            assertThat(sent.stream().map(OperatorNotice::dedupKey).distinct()).hasSize(5);

            // Rotating restarts the cadence: quiet until 14 days before the new due date.
            inv.rotated("smtp-password");
            SecretStatus s = inv.statuses().getFirst();
            assertThat(s.recorded()).isTrue();
            assertThat(s.lastRotated()).isEqualTo(LocalDate.parse("2026-02-22"));
            assertThat(s.due()).isEqualTo(LocalDate.parse("2026-03-24"));
            int before = sent.size();
            clock.set(clock.instant().plus(Duration.ofDays(15)));
            assertThat(job.run(clock.instant())).isEmpty();
            assertThat(sent).hasSize(before);
            clock.set(clock.instant().plus(Duration.ofDays(1)));
            assertThat(job.run(clock.instant())).containsExactly("DUE_SOON smtp-password: due 2026-03-24");
            assertThat(sent).hasSize(before + 1);
        }
    }

    @Test
    void aRunAfterLongDowntimeSendsOnlyTheCurrentStep() throws Exception {
        MutableClock clock = new MutableClock(START, ZoneOffset.UTC);
        List<OperatorNotice> sent = new ArrayList<>();
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            RotationStore store = new RotationStore(db);
            Inventory inv = new Inventory(List.of(), List.of("gateway.token"), store, clock);
            RotationReminders job = new RotationReminders(inv, store, sent::add, clock);
            assertThat(job.run(clock.instant())).isEmpty(); // starts tracking
            clock.set(START.plus(Duration.ofDays(365 + 22))); // annual: due 2027-01-01, now 22 days past
            assertThat(job.run(clock.instant())).containsExactly("OVERDUE gateway.token: due 2027-01-01");
            assertThat(sent).singleElement().satisfies(n -> {
                assertThat(n.source()).isEqualTo("ops.secrets");
                assertThat(n.subject()).contains("22 days overdue");
                assertThat(n.body()).contains("Used by: Clawdbot (gateway.token)", "clawdbot secrets rotated gateway.token");
            });
        }
    }

    @Test
    void configuredEntriesOverrideHeldSecretsOfTheSameNameAndRotatedRefusesUnknownNames() throws Exception {
        MutableClock clock = new MutableClock(START, ZoneId.of("Pacific/Chatham"));
        try (Database db = Database.sqlite(dir.resolve("ops.db"))) {
            Inventory inv = new Inventory(List.of(new SecretEntry("gateway.token", "API clients", "quarterly", "bob", null)),
                    List.of("gateway.token", "telegram.botToken"), new RotationStore(db), clock);
            assertThat(inv.names()).containsExactly("gateway.token", "telegram.botToken");
            List<SecretStatus> all = inv.statuses();
            // 09:00 UTC is 22:45 the same day in Chatham (+13:45 in January).
            assertThat(all.get(0).lastRotated()).isEqualTo(LocalDate.parse("2026-01-01"));
            assertThat(all.get(0).due()).isEqualTo(LocalDate.parse("2026-04-01"));
            assertThat(all.get(1).entry().cadence()).isEqualTo("annual");
            assertThat(inv.rotated("nope")).isEmpty();
        }
    }

    @Test
    void theStoreWorksOnPostgresToo() throws Exception {
        try (Database db = Database.open(SharedPostgres.freshDatabase("ops", 2))) {
            RotationStore store = new RotationStore(db);
            store.firstSeen("a", START);
            store.firstSeen("a", START.plusSeconds(60));
            assertThat(store.all().get("a")).isEqualTo(new RotationStore.Rotation(START, RotationStore.Source.FIRST_SEEN));
            store.rotated("a", START.plusSeconds(120));
            store.rotated("a", START.plusSeconds(180));
            assertThat(store.all().get("a")).isEqualTo(new RotationStore.Rotation(START.plusSeconds(180), RotationStore.Source.OPERATOR));
            LocalDate due = LocalDate.parse("2026-02-01");
            assertThat(store.claimReminder("a", due, "soon", START)).isTrue();
            assertThat(store.claimReminder("a", due, "soon", START)).isFalse();
            assertThat(store.claimReminder("a", due, "due", START)).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"quarterly,2026-04-30", "semiannual,2026-07-31", "annual,2027-01-31", "1d,2026-02-01", "90d,2026-05-01", "3650d,2036-01-29"})
    void cadences(String cadence, String due) {
        assertThat(Cadence.parse(cadence).dueAfter(LocalDate.parse("2026-01-31"))).isEqualTo(LocalDate.parse(due));
    }

    @ParameterizedTest
    @CsvSource({"weekly", "0d", "3651d", "d", "-5d", "12", "1000000d", "9d9d"})
    void badCadencesAreRefusedWithTheKey(String cadence) {
        assertThatThrownBy(() -> new SecretEntry("x", null, cadence, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ops.secrets.x.cadence: ");
    }
}
