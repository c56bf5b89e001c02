package dev.clawdbot.ops.scheduler;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.CalendarSpec;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A db-scheduler {@link Schedule} from a systemd calendar event: the next run is the spec's next elapse after
 * the run that just completed (after its scheduled time, so a long run does not shift the series), plus a random
 * delay below {@code randomizedDelay}, as systemd's RandomizedDelaySec= does.
 */
final class CalendarSchedule implements Schedule {
    private final CalendarAnalyzer calendar;
    private final CalendarSpec spec;
    private final Duration randomizedDelay;

    CalendarSchedule(CalendarAnalyzer calendar, CalendarSpec spec, Duration randomizedDelay) {
        this.calendar = calendar;
        this.spec = spec;
        this.randomizedDelay = randomizedDelay;
    }

    @Override
    public Instant getNextExecutionTime(ExecutionComplete done) {
        Instant after = done.getTimeDone();
        Instant scheduled = done.getExecution().executionTime;
        if (scheduled != null && scheduled.isAfter(after)) after = scheduled;
        return next(after);
    }

    @Override
    public Instant getInitialExecutionTime(Instant now) {
        return next(now);
    }

    /** The next elapse strictly after {@code after} (plus the random delay), or {@link #NEVER}. */
    Instant next(Instant after) {
        OptionalLong usec;
        synchronized (calendar) { // the C library state it emulates is one per process, like mktime's
            usec = calendar.next(spec, ChronoUnit.MICROS.between(Instant.EPOCH, after));
        }
        if (usec.isEmpty()) return NEVER;
        Instant t = Instant.EPOCH.plus(usec.getAsLong(), ChronoUnit.MICROS);
        if (randomizedDelay.isZero()) return t;
        return t.plusMillis(ThreadLocalRandom.current().nextLong(randomizedDelay.toMillis() + 1));
    }

    @Override
    public boolean isDeterministic() {
        return randomizedDelay.isZero();
    }
}
