package dev.clawdbot.guard;

import dev.clawdbot.guard.scan.Span;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LastSpansTest {

    @Test
    void answersTheSameTextObjectFromMemoryAndAnyOtherTextAfresh() {
        AtomicInteger calls = new AtomicInteger();
        LastSpans spans = new LastSpans(t -> {
            calls.incrementAndGet();
            return List.of(new Span("T", 0, t.length()));
        });
        String a = "first text";
        assertThat(spans.apply(a)).containsExactly(new Span("T", 0, 10));
        assertThat(spans.apply(a)).containsExactly(new Span("T", 0, 10));
        assertThat(calls).hasValue(1);
        String equalButNew = new String("first text");
        assertThat(spans.apply(equalButNew)).containsExactly(new Span("T", 0, 10));
        assertThat(calls).hasValue(2);
        assertThat(spans.apply("other")).containsExactly(new Span("T", 0, 5));
        assertThat(spans.apply(a)).containsExactly(new Span("T", 0, 10));
        assertThat(calls).hasValue(4);
    }
}
