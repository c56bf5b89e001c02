package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.ops.scheduler.Job;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The weekly tier (always reports, as in the seed): pending apt updates, security ones marked. */
public final class WeeklyTier implements Job {
    private final AptUpdates apt;
    private final OperatorNotifier notifier;
    private final Clock clock;

    public WeeklyTier(AptUpdates apt, OperatorNotifier notifier, Clock clock) {
        this.apt = apt;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public List<String> run(Instant scheduledFor) {
        return Tiers.report("weekly", apt.check(), true, scheduledFor, notifier, clock);
    }
}
