package dev.clawdbot.core.notify;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.outbox.TestClock;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DurableNotifierTest {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(T0);
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    Database db;
    DurableNotifier notifier;

    /** A channel that records what it was given and fails its first {@code failures} sends. */
    static final class RecordingChannel implements NoticeChannel {
        final List<OperatorNotice> sent = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures;

        RecordingChannel(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public String name() {
            return "rec";
        }

        @Override
        public void send(OperatorNotice notice) {
            if (failures.getAndDecrement() > 0) throw new IllegalStateException("421 try again later");
            sent.add(notice);
        }

        List<String> subjects() {
            synchronized (sent) {
                return sent.stream().map(OperatorNotice::subject).toList();
            }
        }
    }

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("clawdbot.db"));
    }

    @AfterEach
    void close() {
        if (notifier != null) notifier.close();
        db.close();
    }

    DurableNotifier start(NoticeChannel channel, NotifyPolicy policy) {
        EventSink sink = events::add;
        notifier = new DurableNotifier(db, channel == null ? List.of() : List.of(channel), policy, sink, clock, "test:1").start();
        return notifier;
    }

    static OperatorNotice notice(String key, int level, String subject) {
        return new OperatorNotice("test", key, level, subject, "details of " + subject, T0);
    }

    static NotifyPolicy policy(int maxPerWindow) {
        NotifyPolicy d = NotifyPolicy.defaults();
        return new NotifyPolicy(d.level(), d.dedupWindow(), maxPerWindow, d.window(), 3, d.retryBase(), d.retryMax());
    }

    /**
     * The level decides which events become notices (EventNotices); a notice a role hands over itself is pushed
     * whatever its level: the weekly report (level 3) and the rotation reminder (5) were stored and never sent.
     */
    @Test
    void everyNoticeHandedOverIsPushedWhateverItsLevel() {
        RecordingChannel ch = new RecordingChannel(0);
        start(ch, NotifyPolicy.defaults());
        notifier.notify(notice("a", 10, "guard blocked a message"));
        notifier.notify(notice("b", 3, "weekly report"));
        await().atMost(WAIT).until(() -> ch.sent.size() == 2);
        assertThat(ch.subjects()).containsExactlyInAnyOrder("guard blocked a message", "weekly report");
        assertThat(ch.sent).filteredOn(n -> n.subject().equals("weekly report")).singleElement()
                .satisfies(n -> assertThat(n.body()).isEqualTo("details of weekly report"));
        assertThat(notifier.stored()).isEqualTo(2);
        await().atMost(WAIT).until(() -> notifier.waiting() == 0);
    }

    @Test
    void aRepeatedKeyInsideTheWindowIsFoldedAndCountedAndSentAgainAfterIt() {
        RecordingChannel ch = new RecordingChannel(0);
        start(ch, NotifyPolicy.defaults());
        notifier.notify(notice("same", 12, "disk low"));
        notifier.notify(notice("same", 12, "disk low"));
        clock.advance(Duration.ofMinutes(9));
        notifier.notify(notice("same", 12, "disk low"));
        await().atMost(WAIT).until(() -> notifier.waiting() == 0 && ch.sent.size() == 1);
        assertThat(events).extracting(Event::type).filteredOn("notify.deduplicated"::equals).hasSize(2);
        clock.advance(Duration.ofMinutes(11));
        notifier.notify(notice("same", 12, "disk low"));
        await().atMost(WAIT).until(() -> ch.sent.size() == 2);
        assertThat(notifier.stored()).isEqualTo(2);
    }

    @Test
    void aStormIsCutToTheRateLimitAndOneSummaryTellsWhatWasSuppressed() {
        RecordingChannel ch = new RecordingChannel(0);
        start(ch, policy(3));
        for (int i = 0; i < 40; i++) notifier.notify(notice("k" + i, 11, i % 2 == 0 ? "guard.blocked" : "bridge.rejected " + i));
        await().atMost(WAIT).until(() -> notifier.waiting() == 1);
        assertThat(ch.sent).hasSize(3);
        assertThat(events).extracting(Event::type).filteredOn("notify.suppressed"::equals).hasSize(37);
        clock.advance(Duration.ofMinutes(10));
        notifier.wakeAll();
        await().atMost(WAIT).until(() -> ch.sent.size() == 4);
        OperatorNotice summary = ch.sent.get(3);
        assertThat(summary.subject()).isEqualTo("37 more notices suppressed in the last 10 minutes");
        assertThat(summary.body()).startsWith("37 more notices suppressed in the last 10 minutes:\n- ")
                .contains("- guard.blocked (18 times)").contains("- bridge.rejected 3\n").contains("and 10 more subjects");
        assertThat(summary.level()).isEqualTo(11);
        // The storm is over: the next notice goes out as itself, and no second summary follows.
        notifier.notify(notice("after", 10, "one more"));
        await().atMost(WAIT).until(() -> ch.sent.size() == 5);
        clock.advance(Duration.ofMinutes(30));
        notifier.wakeAll();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> notifier.waiting() == 0);
        assertThat(ch.subjects()).last().isEqualTo("one more");
    }

    @Test
    void failedSendsAreRetriedWithBackOffUntilTheyGoThrough() {
        RecordingChannel ch = new RecordingChannel(2);
        start(ch, NotifyPolicy.defaults());
        notifier.notify(notice("r", 10, "retry me"));
        await().atMost(WAIT).until(() -> events.stream().filter(e -> e.type().equals("notify.failed")).count() == 1);
        assertThat(ch.sent).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        notifier.wakeAll();
        await().atMost(WAIT).until(() -> events.stream().filter(e -> e.type().equals("notify.failed")).count() == 2);
        assertThat(ch.sent).as("the second back-off (8 to 10 s) has not passed").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        notifier.wakeAll();
        await().atMost(WAIT).until(() -> ch.sent.size() == 1);
        assertThat(events).filteredOn(e -> e.type().equals("notify.failed")).extracting(e -> e.fields().get("error"))
                .containsExactly("421 try again later", "421 try again later");
    }

    @Test
    void aNoticeQueuedWhileTheChannelIsDownSurvivesARestart() {
        RecordingChannel down = new RecordingChannel(Integer.MAX_VALUE);
        start(down, NotifyPolicy.defaults());
        notifier.notify(notice("x", 13, "sandbox violation"));
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type().equals("notify.failed")));
        notifier.close();
        db.close();
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        RecordingChannel up = new RecordingChannel(0);
        start(up, NotifyPolicy.defaults());
        assertThat(notifier.waiting()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        notifier.wakeAll();
        await().atMost(WAIT).until(() -> up.sent.size() == 1);
        assertThat(up.subjects()).containsExactly("sandbox violation");
    }

    @Test
    void withoutAChannelNoticesAreStoredAndNothingWaits() {
        start(null, NotifyPolicy.defaults());
        notifier.notify(notice("n", 15, "nobody to tell"));
        assertThat(notifier.channels()).isEmpty();
        assertThat(notifier.stored()).isEqualTo(1);
        assertThat(notifier.waiting()).isZero();
    }

    @Test
    void eventsAtOrAboveTheLevelBecomeNoticesWithTheirFields() {
        RecordingChannel ch = new RecordingChannel(0);
        start(ch, NotifyPolicy.defaults());
        try (EventNotices bridge = new EventNotices(notifier, 10)) {
            bridge.emit(new Event(T0, "elevated.refused", 10, "telegram:42", Event.pairs("reason", "program_not_allowed", "argc", 3)));
            bridge.emit(new Event(T0, "sandbox.exec", 2, "sandbox", Event.pairs("exit", 0)));
            await().atMost(WAIT).until(() -> ch.sent.size() == 1);
        }
        OperatorNotice n = ch.sent.get(0);
        assertThat(n.subject()).isEqualTo("elevated.refused (level 10, telegram:42)");
        assertThat(n.body()).contains("reason: program_not_allowed", "argc: 3", "actor: telegram:42");
        assertThat(n.dedupKey()).isEqualTo("event:elevated.refused:telegram:42");
        assertThat(notifier.stored()).as("the level-2 event never reached the notifier").isEqualTo(1);
    }
}
