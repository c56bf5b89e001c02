package dev.clawdbot.guard;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happens when a scanner itself fails: {@code fail-open} lets the text through (and alerts), {@code fail-closed} rejects it. */
public enum FailureMode {
    FAIL_OPEN("fail-open"), FAIL_CLOSED("fail-closed");

    private final String key;

    FailureMode(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    @JsonCreator
    public static FailureMode parse(String value) {
        for (FailureMode m : values()) if (m.key.equals(value)) return m;
        throw new IllegalArgumentException("failure must be fail-open or fail-closed, was '" + value + "'");
    }
}
