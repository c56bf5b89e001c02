package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.Harness;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        Harness.Events events = new Harness.Events();
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

    enum EventSinkNone implements dev.clawdbot.core.events.EventSink {
        INSTANCE;

        @Override
        public void emit(dev.clawdbot.core.events.Event event) {
        }
    }
}
