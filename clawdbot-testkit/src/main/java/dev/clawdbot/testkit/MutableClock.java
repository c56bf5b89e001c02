package dev.clawdbot.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand (time-dependent code takes a {@link Clock}); safe to read from the threads of the code
 * under test. {@link #withZone} returns this clock, as every copy it replaced did: the code under test keeps the
 * zone the test chose (a zone-changing view made siem's DropReportTest time out).
 */
public final class MutableClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    public MutableClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    public MutableClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
