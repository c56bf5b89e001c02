package dev.clawdbot.guard;

import dev.clawdbot.guard.scan.Span;

import java.util.List;
import java.util.function.Function;

/**
 * A span detector that remembers its last answer: the guard's scanner and its redaction step ask about the very same
 * text object, so the detector runs once per message instead of twice. Keyed on identity, so it can never answer for
 * another text; the record is immutable, so threads that race only lose the saving, never correctness.
 */
final class LastSpans implements Function<String, List<Span>> {

    private record Last(String text, List<Span> spans) {
    }

    private final Function<String, List<Span>> detector;
    private volatile Last last;

    LastSpans(Function<String, List<Span>> detector) {
        this.detector = detector;
    }

    @Override
    public List<Span> apply(String text) {
        Last l = last;
        if (l != null && l.text == text) return l.spans;
        List<Span> spans = List.copyOf(detector.apply(text));
        last = new Last(text, spans);
        return spans;
    }
}
