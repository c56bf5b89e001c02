package dev.clawdbot.mail;

import dev.clawdbot.core.outbox.Backoff;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches one IMAP folder on a thread of its own until {@link #close}: log in, open the folder, read it, then wait
 * with IDLE (re-issued every {@code reidleInterval}, below the servers' 29-minute limit; a poll every
 * {@code pollInterval} where the server has no IDLE) and read it again after every wake-up. A failure closes the
 * connection and reconnects after a backoff that starts at 1 s and doubles up to {@code maxBackoff}. What "read" means
 * (which messages, what to do with them) is the {@link Reader}'s policy.
 */
public final class FolderWatch implements AutoCloseable {

    /** Reads the folder; called once it is open and after every wake-up. A failure it throws reconnects. */
    @FunctionalInterface
    public interface Reader {
        void read(MailFolder folder) throws MailException;
    }

    /** What the watch went through, for the caller's events and logs. */
    public interface Listener {
        /** The folder is open and was read once. */
        void connected();

        /** An IDLE (or poll) ended without a change in the message count. */
        default void idleEnded(String folder) {
        }

        /** The connection failed; the next attempt starts in {@code retryInMs}. */
        void reconnecting(MailException error, long retryInMs);
    }

    /** How often IDLE is re-issued, how often a server without IDLE is polled, and the longest reconnect backoff. */
    public record Timing(Duration reidleInterval, Duration pollInterval, Duration maxBackoff) {
        public Timing {
            Objects.requireNonNull(reidleInterval, "reidleInterval");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxBackoff.toMillis() < 1) throw new IllegalArgumentException("maxBackoff must be at least 1 ms, was " + maxBackoff);
        }
    }

    private final ImapSettings imap;
    private final String folderName;
    private final boolean writable;
    private final Timing timing;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Reader reader;
    private final Listener listener;
    private volatile boolean running = true;
    private volatile MailFolder open;
    private final Thread thread;

    private FolderWatch(String threadName, ImapSettings imap, String folderName, boolean writable, Timing timing,
                        ScheduledExecutorService timers, Clock clock, Reader reader, Listener listener) {
        this.imap = imap;
        this.folderName = folderName;
        this.writable = writable;
        this.timing = timing;
        this.timers = timers;
        this.clock = clock;
        this.reader = reader;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::watch);
    }

    /**
     * Starts watching {@code folder} on a daemon thread named {@code threadName}.
     *
     * @param writable open the folder for writing (the reader marks messages seen)
     * @param timers   runs the IDLE wake-ups; the caller owns it and shuts it down after {@link #close}
     */
    public static FolderWatch start(String threadName, ImapSettings imap, String folder, boolean writable, Timing timing,
                                    ScheduledExecutorService timers, Clock clock, Reader reader, Listener listener) {
        FolderWatch w = new FolderWatch(threadName, imap, folder, writable, timing, timers, clock, reader, listener);
        w.thread.start();
        return w;
    }

    private void watch() {
        // 1 s doubling to maxBackoff, without jitter: one watch per folder.
        Backoff backoff = new Backoff(Duration.ofMillis(Math.min(1000, timing.maxBackoff().toMillis())), timing.maxBackoff(), 0);
        int failures = 0;
        while (running) {
            try (MailFolder folder = MailFolder.open(imap, folderName, writable, clock)
                    .orElseThrow(() -> new MailException("FolderNotFoundException", "no folder " + folderName, null))) {
                open = folder;
                if (!running) break;
                failures = 0;
                int known = folder.count();
                reader.read(folder);
                listener.connected();
                while (running && folder.isOpen()) {
                    if (!folder.awaitChange(known, timers, timing.reidleInterval(), timing.pollInterval())) listener.idleEnded(folder.fullName());
                    known = folder.count();
                    reader.read(folder);
                }
            } catch (MailException | RuntimeException e) {
                if (!running) break;
                long backoffMs = backoff.delay(++failures).toMillis();
                listener.reconnecting(MailException.of(imap.auth(), e), backoffMs);
                LockSupport.parkNanos(backoffMs * 1_000_000L);
            } finally {
                open = null;
            }
        }
    }

    /** Stops the watch: ends a running IDLE by closing its connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        MailFolder f = open;
        if (f != null) f.abort();
    }
}
