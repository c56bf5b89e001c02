package dev.clawdbot.core.role;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Waiting for a role's own threads in {@link Role#close()}. The process closes the database and the event log right
 * after the last role's {@code close()} returns, so a role must not return while one of its threads can still touch
 * them: a bounded join that gave up once let the siem's file-integrity thread write to a closed pool (session 6).
 * The wait is therefore unbounded; a thread still busy is named in a warning every {@link #WARN_EVERY} (the service
 * manager's stop timeout, systemd's 90 s by default, remains the outer bound).
 */
public final class RoleThreads {

    private static final Logger LOG = LoggerFactory.getLogger(RoleThreads.class);
    /** How often a slow thread is reported while the close waits for it. */
    static final Duration WARN_EVERY = Duration.ofSeconds(10);

    private RoleThreads() {
    }

    /**
     * Returns once every thread given has ended (nulls are skipped). An interrupt does not cut the wait short: it is
     * kept and set again on return, so a caller further up still sees it.
     */
    public static void join(String role, Thread... threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            if (t == null || t == Thread.currentThread()) continue;
            long waited = 0;
            while (t.isAlive()) {
                try {
                    t.join(WARN_EVERY.toMillis());
                } catch (InterruptedException e) {
                    interrupted = true;
                    continue;
                }
                if (t.isAlive()) {
                    waited += WARN_EVERY.toSeconds();
                    LOG.warn("{}: still waiting for thread {} to end ({} s)", role, t.getName(), waited);
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
