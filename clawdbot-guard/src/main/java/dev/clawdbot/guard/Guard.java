package dev.clawdbot.guard;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.guard.scan.Analysis;
import dev.clawdbot.guard.scan.ScanScore;
import dev.clawdbot.guard.text.TextView;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The guard: runs every enabled scanner over a text, applies each scanner's threshold, mode and failure
 * mode, redacts PII and secrets, and raises events ({@code guard.blocked} at level 10 with scanner names and
 * scores, {@code guard.flagged} for monitor-mode hits, {@code guard.failure} when a scanner breaks).
 * Thread-safe.
 */
public final class Guard implements ContentGuard {

    private final GuardConfig config;
    private final List<ConfiguredScanner> scanners;
    private final Redaction redaction;
    private final EventSink events;
    private final Clock clock;
    private final UntrustedWrapper wrapper;

    Guard(GuardConfig config, List<ConfiguredScanner> scanners, Redaction redaction, EventSink events, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.scanners = List.copyOf(scanners);
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wrapper = new UntrustedWrapper(new SecureRandom());
    }

    /** Builds the guard with the built-in pattern pack and classifier, and whatever else {@code config} enables. */
    public static Guard create(GuardConfig config, EventSink events, Clock clock) {
        return Scanners.build(config, events, clock);
    }

    public GuardConfig config() {
        return config;
    }

    /** The short neutral notice for the sender of a rejected message. */
    @Override
    public String blockedNotice() {
        return config.blockedNotice();
    }

    /** Names of the enabled scanners, in scanning order. */
    public List<String> scannerNames() {
        return scanners.stream().map(s -> s.scanner().name()).toList();
    }

    @Override
    public GuardVerdict screen(String text, ContentSource source) {
        GuardAnalysis a = analyze(text, source, Set.of());
        return new GuardVerdict(a.valid(), a.valid() ? a.sanitized() : "", a.scores(), a.flagged());
    }

    /**
     * The injection scanners with the indirect analysis, whatever the source kind says; the secrets, PII and URL
     * scanners do not run (a config file the agent reads holds keys, a web page links to shorteners) and nothing is
     * redacted. Raises the events {@link #screen} does. Passes everything when {@code guard.scanExternal} is off.
     */
    @Override
    public GuardVerdict screenExternal(String content, ContentSource source) {
        if (!config.scanExternal()) return GuardVerdict.pass(content);
        GuardAnalysis a = run(content, source, NOT_INJECTION, Analysis.INDIRECT, false);
        return new GuardVerdict(a.valid(), a.valid() ? content : "", a.scores(), a.flagged());
    }

    /** Scanners that look for something other than instructions to the model; external content skips them. */
    private static final Set<String> NOT_INJECTION = Set.of("secrets", "pii", "urls");

    /** Scans {@code text}, skipping the scanners named in {@code suppress}; raises the events {@link #screen} does. */
    public GuardAnalysis analyze(String text, ContentSource source, Set<String> suppress) {
        return run(text, source, suppress, Analysis.of(source), true);
    }

    private GuardAnalysis run(String text, ContentSource source, Set<String> suppress, Analysis analysis, boolean redact) {
        Objects.requireNonNull(text, "text");
        long started = System.nanoTime();
        TextView view = TextView.of(text);
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        List<String> flagged = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        for (ConfiguredScanner cs : scanners) {
            String name = cs.scanner().name();
            if (suppress.contains(name)) continue;
            ScanScore f;
            try {
                f = cs.scanner().scan(view, analysis);
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                boolean closed = cs.settings().failure() == FailureMode.FAIL_CLOSED;
                events.emit(Event.of(clock.instant(), GuardEvents.GUARD_FAILURE, actor(source),
                        "scanner", name, "error", e.getClass().getName(), "failure", cs.settings().failure().key(),
                        "source", kind(source), "length", text.length()));
                if (closed) {
                    scores.put(name, 1.0);
                    reasons.put(name, List.of("scanner-failed"));
                    flagged.add(name);
                    blocking.add(name);
                }
                continue;
            }
            scores.put(name, Math.round(f.score() * 10_000) / 10_000.0);
            if (!f.reasons().isEmpty()) reasons.put(name, f.reasons());
            if (f.score() >= cs.settings().threshold() && f.score() > 0) {
                flagged.add(name);
                if (cs.settings().mode() == Mode.ENFORCE) blocking.add(name);
            }
        }
        String sanitized = redact ? redaction.redactInput(text, source) : text;
        long micros = (System.nanoTime() - started) / 1_000;
        if (!blocking.isEmpty()) {
            events.emit(Event.of(clock.instant(), GuardEvents.GUARD_BLOCKED, actor(source),
                    "source", kind(source), "scanners", List.copyOf(blocking), "scores", Map.copyOf(scores),
                    "reasons", reasonsOf(blocking, reasons), "length", text.length(), "micros", micros));
        } else if (!flagged.isEmpty()) {
            events.emit(Event.of(clock.instant(), GuardEvents.GUARD_FLAGGED, actor(source),
                    "source", kind(source), "scanners", List.copyOf(flagged), "scores", Map.copyOf(scores),
                    "reasons", reasonsOf(flagged, reasons), "length", text.length(), "micros", micros));
        } else {
            events.emit(Event.of(clock.instant(), GuardEvents.GUARD_PASSED, actor(source),
                    "source", kind(source), "length", text.length(), "micros", micros));
        }
        return new GuardAnalysis(blocking.isEmpty(), sanitized, scores, flagged, reasons);
    }

    @Override
    public String wrapUntrusted(String content, ContentSource source) {
        return wrapper.wrap(content, source);
    }

    @Override
    public String screenOutput(String text, ContentSource source) {
        return redaction.screenOutput(text, source);
    }

    private static Map<String, List<String>> reasonsOf(List<String> names, Map<String, List<String>> reasons) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String n : names) if (reasons.containsKey(n)) out.put(n, reasons.get(n));
        return out;
    }

    private static String kind(ContentSource source) {
        return source == null || source.kind() == null ? "unknown" : source.kind();
    }

    private static String actor(ContentSource source) {
        if (source == null) return "unknown";
        String a = kind(source) + (source.label() == null ? "" : ":" + source.label());
        return a.length() > 120 ? a.substring(0, 120) : a;
    }
}
