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
    private final Map<String, byte[]> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public PushRegistry(Clock clock) {
        this.clock = clock;
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
        if (token == null) return false;
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> e : tokens.entrySet()) {
            // Compared in constant time against each token: the URL is the only credential.
            if (MessageDigest.isEqual(e.getValue(), given)) {
                last.put(e.getKey(), clock.instant());
                return true;
            }
        }
        return false;
    }

    /** The monitor's last heartbeat (or registration); null when not registered. */
    Instant last(String monitor) {
        return last.get(monitor);
    }
}
