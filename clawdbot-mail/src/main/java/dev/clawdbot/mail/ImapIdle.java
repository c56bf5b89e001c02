package dev.clawdbot.mail;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ResponseHandler;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits on an open folder until its contents may have changed: IMAP IDLE (RFC 2177), ended and handed back to the
 * caller every {@code reidleInterval} so that it is re-issued before the server's 30-minute limit; a plain poll
 * where the server has no IDLE. The caller reads the folder again after every return, whether or not anything
 * arrived.
 */
final class ImapIdle {
    /** How soon a wake-up is repeated when the previous one may have reached the connection before IDLE did. */
    static final Duration WAKE_RETRY = Duration.ofSeconds(1);

    private ImapIdle() {
    }

    /**
     * Returns when the folder may hold something the caller has not read, or when {@code reidleInterval} has passed.
     *
     * @param knownCount the message count the caller's last read of the folder was based on; mail that arrived
     *                   while that read ran is reported at once instead of after the next IDLE wake-up
     * @param timers     runs the wake-up; a command from another thread makes Angus Mail end the IDLE
     * @return true when the message count differs from {@code knownCount} before waiting
     */
    static boolean awaitChange(Folder folder, int knownCount, ScheduledExecutorService timers,
                                      Duration reidleInterval, Duration pollInterval) throws MessagingException {
        return awaitChange(folder, knownCount, timers, reidleInterval, pollInterval, () -> { });
    }

    /**
     * As above; {@code idling} runs on the calling thread once the server has accepted the IDLE (its {@code +}
     * continuation), the moment from which new mail ends the wait. Tests wait on it instead of sleeping.
     */
    static boolean awaitChange(Folder folder, int knownCount, ScheduledExecutorService timers,
                               Duration reidleInterval, Duration pollInterval, Runnable idling) throws MessagingException {
        if (folder instanceof IMAPFolder imap) {
            noop(imap);
            if (imap.getMessageCount() != knownCount) return true;
            // The first wake-up can reach the connection just before the IDLE command does, and would then end
            // nothing; repeating it until IDLE has returned bounds the wait at reidleInterval plus one retry.
            long period = Math.min(reidleInterval.toMillis(), WAKE_RETRY.toMillis());
            ScheduledFuture<?> wake = timers.scheduleWithFixedDelay(() -> {
                try {
                    noop(imap);
                } catch (MessagingException | RuntimeException ignored) {
                    // the caller notices a broken connection on its own
                }
            }, reidleInterval.toMillis(), period, TimeUnit.MILLISECONDS);
            // Angus Mail hands every response read while starting the IDLE, the continuation included, to the
            // connection's response handlers; no command this watch sends otherwise gets a continuation.
            ResponseHandler accepted = r -> {
                if (r.isContinuation()) idling.run();
            };
            IMAPProtocol protocol = (IMAPProtocol) imap.doCommand(p -> {
                p.addResponseHandler(accepted);
                return p;
            });
            try {
                imap.idle(true);
                return false;
            } catch (MessagingException e) {
                if (e.getMessage() == null || !e.getMessage().contains("IDLE not supported")) throw e;
            } finally {
                wake.cancel(false);
                protocol.removeResponseHandler(accepted);
            }
        } else if (folder.getMessageCount() != knownCount) {
            return true;
        }
        LockSupport.parkNanos(pollInterval.toNanos());
        return false;
    }

    /** A NOOP also collects the EXISTS and EXPUNGE updates the server has pending for this connection. */
    private static void noop(IMAPFolder imap) throws MessagingException {
        imap.doCommand(protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
        });
    }
}
