package dev.clawdbot.core.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One structured event: what happened ({@code type}, dotted, e.g. {@code turn.completed}), how much it
 * matters ({@code level}, 0–15 in Wazuh's sense: 10 and above is pushed to the operator at once), who
 * caused it ({@code actor}) and flat, JSON-friendly {@code fields}. Never carries secrets or full
 * untrusted text; producers put sizes, ids and scores there instead. Producers build events with
 * {@link #of(Instant, EventType, String, Object...)} from their module's {@link EventCatalogue}.
 */
public record Event(Instant time, String type, int level, String actor, Map<String, Object> fields) {

    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        if (level < 0 || level > 15) throw new IllegalArgumentException("event level must be 0..15, was " + level);
        actor = actor == null ? "system" : actor;
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An event of a catalogued type at its usual level. */
    public static Event of(Instant time, EventType type, String actor, Object... keyValues) {
        return of(time, type, type.level(), actor, keyValues);
    }

    /**
     * An event of a catalogued type at {@code level}, which must be one of the type's declared levels; its field
     * names must be declared too. Both are checked as assertions: every test runs with {@code -ea}, while a
     * production process never loses an event over a catalogue slip.
     */
    public static Event of(Instant time, EventType type, int level, String actor, Object... keyValues) {
        assert type.levels().contains(level) : type.name() + " is not declared at level " + level + " (declared: " + type.levels() + ")";
        Map<String, Object> m = pairs(keyValues);
        assert type.fields().containsAll(m.keySet()) : type.name() + " declares " + type.fields() + ", emitted " + m.keySet();
        return new Event(time, type.name(), level, actor, m);
    }

    /** Pairs {@code key, value, key, value...} as an ordered map (keys as strings). */
    public static Map<String, Object> pairs(Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("keyValues must come in pairs");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        return m;
    }
}
