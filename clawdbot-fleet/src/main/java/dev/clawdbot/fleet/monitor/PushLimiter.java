package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.fleet.FleetEvents;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets for {@code /api/push/<token>}: one per source address (every request, known token or not, so a
 * scan of guessed tokens runs dry) and one per PUSH monitor (a job looping on its heartbeat URL). Each map keeps at
 * most {@link #MAX_KEYS} buckets and forgets the least recently used: a flood of new sources costs at most that
 * much memory, and a forgotten bucket only starts full again. A refused request counts as dropped; the first drop
 * of a key, and then at most one a minute, is the event {@code monitor.push.limited} with the count since the last.
 */
final class PushLimiter {
    /** ~150 bytes a bucket: each map stays under 2 MiB however many addresses or tokens a flood uses. */
    static final int MAX_KEYS = 10_000;
    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);
    private static final double EPSILON = 1e-6;

    /** {@code capacity} tokens, refilled at {@code perSecond}. */
    record Rate(int capacity, double perSecond) {
        static Rate of(int burst, Duration every) {
            return new Rate(burst, 1000.0 / every.toMillis());
        }
    }

    private final Clock clock;
    private final EventSink events;
    private final Buckets sources;
    private final Buckets monitors;

    /** The rates of {@code monitors.push} (defaults: a source 60 at once then 1/s, a monitor 10 then one per 6 s). */
    PushLimiter(PushConfig rates, Clock clock, EventSink events) {
        this.clock = clock;
        this.events = events;
        this.sources = new Buckets("source", Rate.of(rates.sourceBurst(), rates.sourceEvery()));
        this.monitors = new Buckets("monitor", Rate.of(rates.monitorBurst(), rates.monitorEvery()));
    }

    /** Null when the source may go on; else how long until it may. Takes a token when it may. */
    Duration source(String address) {
        return sources.take(sourceKey(address));
    }

    /** Null when the monitor's heartbeat is accepted; else how long until one is. */
    Duration monitor(String name) {
        return monitors.take(name);
    }

    /** Buckets held now (tests: the bound). */
    int size() {
        return sources.size() + monitors.size();
    }

    /** Requests refused since the start. */
    long dropped() {
        return sources.dropped + monitors.dropped;
    }

    /**
     * An IPv6 source by its /64 (one host usually holds the whole prefix, and could otherwise pick a fresh address
     * per request); IPv4 and anything unparsable as given. A literal never causes a DNS lookup.
     */
    static String sourceKey(String address) {
        if (address == null || address.isEmpty()) return "-";
        if (address.indexOf(':') < 0) return address;
        try {
            InetAddress a = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1) : address);
            if (!(a instanceof Inet6Address)) return a.getHostAddress();
            byte[] b = a.getAddress();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i += 2) sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            return sb.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;
        long droppedSinceReport;
        long reportedAt = Long.MIN_VALUE;
    }

    private final class Buckets {
        private final String scope;
        private final Rate rate;
        private long dropped;
        private final LinkedHashMap<String, Bucket> map = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > MAX_KEYS;
            }
        };

        Buckets(String scope, Rate rate) {
            this.scope = scope;
            this.rate = rate;
        }

        synchronized int size() {
            return map.size();
        }

        Duration take(String key) {
            long now = clock.millis();
            long report = 0;
            Duration wait;
            synchronized (this) {
                Bucket b = map.computeIfAbsent(key, k -> {
                    Bucket n = new Bucket();
                    n.tokens = rate.capacity();
                    n.refilledAt = now;
                    return n;
                });
                b.tokens = Math.min(rate.capacity(), b.tokens + Math.max(0, now - b.refilledAt) / 1000.0 * rate.perSecond());
                b.refilledAt = now;
                // EPSILON: a third of a token refilled three times is one token, not 0.9999999999999999.
                if (b.tokens >= 1 - EPSILON) {
                    b.tokens = Math.max(0, b.tokens - 1);
                    return null;
                }
                dropped++;
                b.droppedSinceReport++;
                if (b.reportedAt == Long.MIN_VALUE || now - b.reportedAt >= REPORT_EVERY.toMillis()) {
                    report = b.droppedSinceReport;
                    b.droppedSinceReport = 0;
                    b.reportedAt = now;
                }
                wait = Duration.ofMillis(Math.max(1, (long) Math.ceil((1 - b.tokens) / rate.perSecond() * 1000 - EPSILON)));
            }
            // Outside the lock: the event log may write.
            if (report > 0) emit(key, report);
            return wait;
        }

        private void emit(String key, long count) {
            events.emit(Event.of(clock.instant(), FleetEvents.MONITOR_PUSH_LIMITED, "monitor", "scope", scope, "key", key, "dropped", count));
        }
    }
}
