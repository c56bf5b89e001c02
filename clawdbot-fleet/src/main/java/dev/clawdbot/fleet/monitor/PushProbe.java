package dev.clawdbot.fleet.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Passes while the last heartbeat on {@code /api/push/<token>} is at most {@code interval + grace} old. */
record PushProbe(MonitorSpec spec, PushRegistry registry, Clock clock) implements Probe {
    PushProbe {
        registry.register(spec.name(), spec.pushToken());
    }

    @Override
    public CheckResult check() {
        Instant now = clock.instant();
        Instant last = registry.last(spec.name());
        Duration silent = last == null ? Duration.ZERO : Duration.between(last, now);
        Duration allowed = spec.interval().plus(spec.grace());
        if (silent.compareTo(allowed) <= 0) return CheckResult.up(now, Duration.ZERO);
        return CheckResult.down(now, Duration.ZERO, "no heartbeat for " + silent.toSeconds() + " s (allowed " + allowed.toSeconds() + " s)");
    }
}
