package dev.clawdbot.channels.mail;

import dev.clawdbot.core.outbox.Lifecycle;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a seen message stands (column {@code mail_notified.status}, stored in lower case). A message is claimed
 * {@link #PENDING} (or {@link #HELD} in quiet hours), taken by one sender ({@link #SENDING}) and marked
 * {@link #SENT}; a failed send or a crash puts it back to pending. {@link #BASELINE} and {@link #FILTERED} rows
 * only remember a Message-ID that is never announced.
 */
enum NotifyStatus implements Lifecycle<NotifyStatus> {
    PENDING, HELD, SENDING, SENT, BASELINE, FILTERED;

    /** The statuses a message may be claimed in. */
    static final Set<NotifyStatus> INITIAL = EnumSet.of(PENDING, HELD, BASELINE, FILTERED);

    @Override
    public boolean canMoveTo(NotifyStatus next) {
        return switch (this) {
            case PENDING, HELD -> next == SENDING;
            case SENDING -> next == SENT || next == PENDING;
            case SENT, BASELINE, FILTERED -> false;
        };
    }

    static NotifyStatus fromWire(String wire) {
        return Lifecycle.fromWire(NotifyStatus.class, wire);
    }
}
