package dev.clawdbot.agent;

import java.time.Instant;

/**
 * A stored session. {@code key} is {@code agent:channel:peer}; {@code compactedThrough} is the last turn seq folded
 * into {@code summary} (0 when never compacted); {@code archivedAt} is set once the session was reset.
 */
public record SessionInfo(long id, String key, String agent, String channel, String peer, Instant createdAt,
                          Instant updatedAt, Instant archivedAt, String modelOverride, String summary,
                          int compactedThrough, long inputTokens, long outputTokens) {

    public static String key(String agent, String channel, String peer) {
        return agent + ":" + channel + ":" + peer;
    }
}
