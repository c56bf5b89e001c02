package dev.clawdbot.guard.scan;

import dev.clawdbot.guard.text.TextView;

import java.util.List;
import java.util.function.Function;

/** A scanner over a span detector: score 1 when anything is found, reasons are the distinct types. */
public final class SpanScanner implements Scanner {

    private final String name;
    private final Function<String, List<Span>> detector;

    public SpanScanner(String name, Function<String, List<Span>> detector) {
        this.name = name;
        this.detector = detector;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ScanScore scan(TextView view) {
        List<Span> spans = detector.apply(view.original());
        if (spans.isEmpty()) return ScanScore.NONE;
        return new ScanScore(1.0, spans.stream().map(Span::type).distinct().toList());
    }
}
