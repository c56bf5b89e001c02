package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/push/<token>} on a gateway whose process has no monitor role (the split systemd units): the token is
 * matched against the PUSH monitors of the config and the database, limited as the role limits it
 * ({@code monitors.push}), and the heartbeat stored in {@code fleet_monitor_push_beats}, where the role in the other
 * process reads it at its next check.
 */
public final class PushGate {
    private final MonitorsView view;
    private final PushLimiter limits;
    private final PushBeats beats;
    private final Clock clock;

    public PushGate(Database db, MonitorsConfig config, SecretSeal seal, Clock clock, EventSink events) {
        this.view = new MonitorsView(db, config, seal, clock);
        this.limits = new PushLimiter(config.push(), clock, events);
        this.beats = new PushBeats(db);
        this.clock = clock;
    }

    /** As {@link MonitorRole#push}: limited per source first, then matched, then limited per monitor. */
    public PushAnswer push(String token, String source) {
        Duration wait = limits.source(source);
        if (wait != null) return new PushAnswer.Limited(wait);
        String monitor = PushRegistry.match(tokens(view.specs()), token);
        if (monitor == null) return new PushAnswer.Unknown();
        wait = limits.monitor(monitor);
        if (wait != null) return new PushAnswer.Limited(wait);
        beats.beat(monitor, clock.instant());
        return new PushAnswer.Accepted();
    }

    private static Map<String, byte[]> tokens(List<MonitorSpec> specs) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        for (MonitorSpec s : specs) {
            if (s.type() == MonitorType.PUSH) tokens.put(s.name(), s.pushToken().getBytes(StandardCharsets.UTF_8));
        }
        return tokens;
    }
}
