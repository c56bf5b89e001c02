package dev.clawdbot.guard;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.scan.Span;
import dev.clawdbot.guard.scan.Spans;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Input redaction (secrets to {@code [REDACTED_TYPE]}, PII to numbered placeholders kept in the vault) and
 * output screening (secrets redacted, placeholders restored). Either detector may be null when disabled.
 */
final class Redaction {

    private final Function<String, List<Span>> secrets;
    private final Function<String, List<Span>> pii;
    private final PiiVault vault;
    private final EventSink events;
    private final Clock clock;

    Redaction(Function<String, List<Span>> secrets, Function<String, List<Span>> pii, EventSink events, Clock clock) {
        this.secrets = secrets;
        this.pii = pii;
        this.vault = new PiiVault(10_000);
        this.events = events;
        this.clock = clock;
    }

    static Redaction none() {
        return new Redaction(null, null, EventSink.NONE, Clock.systemUTC());
    }

    String redactInput(String text, ContentSource source) {
        String out = redactSecrets(text);
        if (pii == null) return out;
        String key = key(source);
        String finalOut = out;
        return Spans.replace(out, pii.apply(out), s -> vault.placeholder(key, s.type(), s.of(finalOut)));
    }

    String screenOutput(String text, ContentSource source) {
        if (text == null) return null;
        String out = redactSecrets(text);
        if (!out.equals(text)) {
            events.emit(Event.of(clock.instant(), GuardEvents.GUARD_OUTPUT_REDACTED, source == null ? "unknown" : source.kind(),
                    "source", source == null ? "unknown" : source.kind(), "types",
                    secrets.apply(text).stream().map(Span::type).distinct().toList(), "length", text.length()));
        }
        return pii == null ? out : vault.restore(key(source), out);
    }

    private String redactSecrets(String text) {
        if (secrets == null) return text;
        List<Span> found = secrets.apply(text);
        return found.isEmpty() ? text : Spans.replace(text, found, s -> "[REDACTED_" + s.type() + "]");
    }

    private static String key(ContentSource source) {
        return source == null ? "" : source.kind() + "\u0000" + source.label();
    }
}
