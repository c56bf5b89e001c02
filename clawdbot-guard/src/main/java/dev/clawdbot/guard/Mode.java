package dev.clawdbot.guard;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a scanner does when it fires: {@code enforce} rejects the text, {@code monitor} only records the flag. */
public enum Mode {
    ENFORCE, MONITOR;

    @JsonValue
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Mode parse(String value) {
        for (Mode m : values()) if (m.key().equals(value)) return m;
        throw new IllegalArgumentException("mode must be enforce or monitor, was '" + value + "'");
    }
}
