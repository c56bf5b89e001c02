package dev.clawdbot.channels.telegram;

import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.channels.Harness;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OutboundQueueTest {
    record Sent(long chat, int seq, long nanos) {
    }

    @Test
    void spacesCallsPerChatKeepsOrderAndCapsTheGlobalRate() {
        List<Sent> sent = new CopyOnWriteArrayList<>();
        try (OutboundQueue q = new OutboundQueue(Duration.ofMillis(200), 4, EventSinkNone.INSTANCE, Clock.systemUTC(), "t")) {
            List<CompletableFuture<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int seq = i;
                all.add(q.submit(1, () -> {
                    sent.add(new Sent(1, seq, System.nanoTime()));
                    return seq;
                }));
            }
            for (long chat = 10; chat < 16; chat++) {
                long c = chat;
                all.add(q.submit(c, () -> {
                    sent.add(new Sent(c, 0, System.nanoTime()));
                    return 0;
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        List<Sent> chat1 = sent.stream().filter(s -> s.chat() == 1).toList();
        assertThat(chat1).extracting(Sent::seq).containsExactly(0, 1, 2);
        for (int i = 1; i < chat1.size(); i++) assertThat(chat1.get(i).nanos() - chat1.get(i - 1).nanos()).isGreaterThanOrEqualTo(190_000_000L);
        // 9 calls at 4 per second: any 5 consecutive calls span at least a second.
        List<Long> times = sent.stream().map(Sent::nanos).sorted().toList();
        for (int i = 4; i < times.size(); i++) assertThat(times.get(i) - times.get(i - 4)).isGreaterThanOrEqualTo(990_000_000L);
    }

    @Test
    void retriesAfter429AndGivesUpOnOtherErrors() {
        RecordingEvents events = new RecordingEvents();
        AtomicInteger attempts = new AtomicInteger();
        try (OutboundQueue q = new OutboundQueue(Duration.ofMillis(1), 30, events, Clock.systemUTC(), "t")) {
            long start = System.nanoTime();
            int result = q.submit(7, () -> {
                if (attempts.incrementAndGet() == 1) throw new TelegramApiException("sendMessage", 429, "Too Many Requests: retry after 1", 1);
                return 42;
            }).join();
            assertThat(result).isEqualTo(42);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(990_000_000L);
            assertThat(events.ofType("telegram.rate_limited")).singleElement().satisfies(e -> assertThat(e.fields()).containsEntry("retryAfterSeconds", 1));
            assertThatThrownBy(() -> q.submit(7, () -> {
                throw new TelegramApiException("sendMessage", 403, "Forbidden: bot was blocked by the user", 0);
            }).join()).hasCauseInstanceOf(TelegramApiException.class).hasMessageContaining("403");
        }
    }

    @Test
    void a429FromTheBotApiPausesEverySendForTheBotAndKeepsEachChatsOrder() {
        RecordingEvents events = new RecordingEvents();
        try (FakeTelegramServer fake = new FakeTelegramServer();
             OutboundQueue q = new OutboundQueue(Duration.ofMillis(1), 30, events, Clock.systemUTC(), "t")) {
            BotApiClient api = new BotApiClient(fake.baseUrl(), Harness.TOKEN, Duration.ofSeconds(5));
            fake.failWith429("sendMessage", 1, 1);
            List<CompletableFuture<Long>> all = new ArrayList<>();
            for (String[] m : new String[][]{{"1", "a1"}, {"2", "b1"}, {"1", "a2"}, {"3", "c1"}, {"2", "b2"}}) {
                long chat = Long.parseLong(m[0]);
                all.add(q.submit(chat, () -> api.sendMessage(chat, m[1], null, null)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

            List<FakeTelegramServer.Call> calls = fake.calls("sendMessage");
            assertThat(calls).extracting(c -> c.param("text")).containsExactly("a1", "a1", "b1", "a2", "c1", "b2");
            // Flood control is per bot: no chat got anything through during retry_after, not only chat 1.
            Instant refused = calls.get(0).at();
            assertThat(calls.subList(1, calls.size())).allSatisfy(c ->
                    assertThat(Duration.between(refused, c.at())).isGreaterThanOrEqualTo(Duration.ofMillis(950)));
            assertThat(events.ofType("telegram.rate_limited")).singleElement()
                    .satisfies(e -> assertThat(e.fields()).containsEntry("retryAfterSeconds", 1));
            assertThat(q.paused()).isFalse();
        }
    }

    @Test
    void thePauseHoldsCallsSubmittedWhileItLasts() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        try (OutboundQueue q = new OutboundQueue(Duration.ofMillis(1), 30, EventSinkNone.INSTANCE, Clock.systemUTC(), "t")) {
            long[] refusedAt = new long[1];
            CompletableFuture<Integer> first = q.submit(1, () -> {
                if (attempts.incrementAndGet() == 1) {
                    refusedAt[0] = System.nanoTime();
                    throw new TelegramApiException("sendMessage", 429, "Too Many Requests: retry after 1", 1);
                }
                sentAt.add(System.nanoTime());
                return 1;
            });
            await().atMost(Duration.ofSeconds(5)).until(q::paused);
            int other = q.submit(2, () -> {
                sentAt.add(System.nanoTime());
                return 2;
            }).join();
            assertThat(other).isEqualTo(2);
            assertThat(first.join()).isEqualTo(1);
            // The refused call goes out first when the pause ends; the other chat waited for it.
            assertThat(sentAt).hasSize(2);
            assertThat(sentAt.get(0)).isLessThan(sentAt.get(1));
            assertThat(sentAt.get(1) - refusedAt[0]).isGreaterThanOrEqualTo(990_000_000L);
        }
    }

    enum EventSinkNone implements dev.clawdbot.core.events.EventSink {
        INSTANCE;

        @Override
        public void emit(dev.clawdbot.core.events.Event event) {
        }
    }
}
