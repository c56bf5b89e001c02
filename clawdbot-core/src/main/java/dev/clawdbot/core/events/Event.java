package dev.clawdbot.core.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One structured event: what happened ({@code type}, dotted, e.g. {@code turn.completed}), how much it
 * matters ({@code level}, 0–15 in Wazuh's sense: 10 and above is pushed to the operator at once), who
 * caused it ({@code actor}) and flat, JSON-friendly {@code fields}. Never carries secrets or full
 * untrusted text; producers put sizes, ids and scores there instead.
 */
public record Event(Instant time, String type, int level, String actor, Map<String, Object> fields) {

    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        if (level < 0 || level > 15) throw new IllegalArgumentException("event level must be 0..15, was " + level);
        actor = actor == null ? "system" : actor;
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Event of(Instant time, String type, int level, String actor, Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("keyValues must come in pairs");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        return new Event(time, type, level, actor, m);
    }
}
