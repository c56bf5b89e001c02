package dev.clawdbot.siem.digest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends the digest every day at {@code siem.digest.at}, local time, on its own thread (never the engine's). The
 * time of the last digest is persisted: one missed while Clawdbot was down is sent once at start (systemd's
 * {@code Persistent=}); on a fresh install the first comes at the next scheduled time. Follows the injected clock,
 * checked once a second.
 */
public final class DigestSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DigestSchedule.class);

    private final DigestConfig config;
    private final SiemDigest digest;
    private final Clock clock;
    private final ZoneId zone;
    private final Supplier<Instant> lastSent;
    private final Consumer<Instant> saveSent;
    private volatile boolean running;
    private Thread thread;

    public DigestSchedule(DigestConfig config, SiemDigest digest, Clock clock, ZoneId zone, Supplier<Instant> lastSent, Consumer<Instant> saveSent) {
        this.config = config;
        this.digest = digest;
        this.clock = clock;
        this.zone = zone;
        this.lastSent = lastSent;
        this.saveSent = saveSent;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        Instant stored = lastSent.get();
        // Fresh install: nothing is owed; the first digest comes at the next scheduled time (stored once sent).
        Instant last = stored != null ? stored : previous(clock.instant());
        thread = Thread.ofPlatform().daemon().name("siem-digest").start(() -> run(last));
    }

    /** The latest scheduled time at or before {@code now}. */
    Instant previous(Instant now) {
        ZonedDateTime t = now.atZone(zone).with(config.time());
        if (t.toInstant().isAfter(now)) t = t.minusDays(1);
        return t.toInstant();
    }

    private void run(Instant sent) {
        Instant last = sent;
        while (running) {
            Instant due = previous(clock.instant());
            if (due.isAfter(last)) {
                try {
                    digest.run(due);
                } catch (RuntimeException e) {
                    LOG.warn("siem: the daily digest failed: {}", e.toString());
                }
                last = due;
                saveSent.accept(due);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) thread.interrupt();
    }
}
