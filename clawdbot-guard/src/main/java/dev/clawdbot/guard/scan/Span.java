package dev.clawdbot.guard.scan;

/** A typed region of a text found by a detector: {@code [start, end)}. */
public record Span(String type, int start, int end) {
    public String of(String text) {
        return text.substring(start, end);
    }
}
