package dev.clawdbot.fleet.monitor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last heartbeat of each PUSH monitor, by token. A monitor's silence counts from when it was registered, so a
 * freshly started node gives the cron job one interval plus grace before it fails.
 */
public final class PushRegistry {
    private final Clock clock;
    /** Heartbeats another process (a gateway without the monitor role) stored; null: this process's only. */
    private final PushBeats stored;
    private final Map<String, byte[]> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public PushRegistry(Clock clock) {
        this(clock, null);
    }

    PushRegistry(Clock clock, PushBeats stored) {
        this.clock = clock;
        this.stored = stored;
    }

    void register(String monitor, String token) {
        tokens.put(monitor, token.getBytes(StandardCharsets.UTF_8));
        last.putIfAbsent(monitor, clock.instant());
    }

    void unregister(String monitor) {
        tokens.remove(monitor);
        last.remove(monitor);
    }

    /** Records a heartbeat for the monitor whose token this is; false when no monitor has it. */
    public boolean push(String token) {
        String monitor = match(token);
        if (monitor != null) heartbeat(monitor);
        return monitor != null;
    }

    /** The monitor whose token this is, or null; records nothing. */
    String match(String token) {
        return match(tokens, token);
    }

    /** The name whose token this is, or null. */
    static String match(Map<String, byte[]> tokens, String token) {
        if (token == null) return null;
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, byte[]> e : tokens.entrySet()) {
            // Compared in constant time against every token (no early exit): the URL is the only credential.
            if (MessageDigest.isEqual(e.getValue(), given)) found = e.getKey();
        }
        return found;
    }

    /** A heartbeat of a registered monitor, now. */
    void heartbeat(String monitor) {
        last.computeIfPresent(monitor, (k, v) -> clock.instant());
    }

    /**
     * The monitor's last heartbeat (or registration), received here or stored by another process, whichever is
     * later; null when not registered. A stored beat older than the registration changes nothing.
     */
    Instant last(String monitor) {
        Instant here = last.get(monitor);
        if (here == null || stored == null) return here;
        Instant there = stored.last(monitor);
        return there != null && there.isAfter(here) ? there : here;
    }
}
