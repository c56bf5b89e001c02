package dev.clawdbot.app;

import dev.clawdbot.core.events.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class BufferedEventSinkTest {

    private static Event event(int n) {
        return new Event(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n), "test.n", 3, "system", Event.pairs("n", n));
    }

    @Test
    void heldEventsAreDeliveredInOrderWithTheirOwnTimestampsThenForwardedDirectly() {
        BufferedEventSink sink = new BufferedEventSink();
        sink.emit(event(1));
        sink.emit(event(2));
        assertThat(sink.held()).isEqualTo(2);

        List<Event> got = new ArrayList<>();
        sink.attach(got::add);
        assertThat(got).containsExactly(event(1), event(2));
        assertThat(got.getFirst().time()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(sink.held()).isZero();

        sink.emit(event(3));
        assertThat(got).containsExactly(event(1), event(2), event(3));
        sink.attach(e -> got.add(event(99)));
        sink.emit(event(4));
        assertThat(got).as("a second attach changes nothing").containsExactly(event(1), event(2), event(3), event(4));
    }

    @Test
    void nothingIsLostOrDuplicatedWhenEmittersRaceTheAttach() throws Exception {
        for (int round = 0; round < 20; round++) {
            BufferedEventSink sink = new BufferedEventSink();
            List<Event> got = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> emitters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                emitters.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 500; i++) sink.emit(event(base + i));
                    return null;
                }));
            }
            go.countDown();
            sink.attach(got::add);
            for (Future<?> f : emitters) f.get();
            pool.shutdown();
            assertThat(got).hasSize(2000).doesNotHaveDuplicates();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                List<Integer> fromThread = got.stream().map(e -> ((Number) e.fields().get("n")).intValue())
                        .filter(n -> n >= base && n < base + 1000).toList();
                assertThat(fromThread).as("each emitter's events stay in order").isSorted();
            }
        }
    }
}
