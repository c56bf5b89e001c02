package dev.clawdbot.core.events;

import java.time.Duration;

/**
 * The {@code events:} section: how the event log rotates its JSON-lines file and how much it buffers.
 * Every component may be omitted; the defaults are those of {@link EventLog}.
 */
public record EventLogConfig(Long rotateBytes, Integer keep, Integer queueCapacity, Duration maxBlock) {

    public EventLogConfig {
        rotateBytes = rotateBytes == null ? EventLog.DEFAULT_ROTATE_BYTES : rotateBytes;
        keep = keep == null ? EventLog.DEFAULT_KEEP : keep;
        queueCapacity = queueCapacity == null ? EventLog.DEFAULT_CAPACITY : queueCapacity;
        maxBlock = maxBlock == null ? EventLog.DEFAULT_MAX_BLOCK : maxBlock;
        if (rotateBytes < 1024) throw new IllegalArgumentException("events.rotateBytes must be at least 1024, was " + rotateBytes);
        if (keep < 1 || keep > 1000) throw new IllegalArgumentException("events.keep must be 1..1000, was " + keep);
        if (queueCapacity < 1) throw new IllegalArgumentException("events.queueCapacity must be at least 1, was " + queueCapacity);
        if (maxBlock.isNegative() || maxBlock.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("events.maxBlock must be between 0s and 10s, was " + maxBlock);
        }
    }

    /** All defaults. */
    public static EventLogConfig defaults() {
        return new EventLogConfig(null, null, null, null);
    }
}
