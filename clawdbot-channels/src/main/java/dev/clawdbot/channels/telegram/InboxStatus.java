package dev.clawdbot.channels.telegram;

import dev.clawdbot.core.outbox.Lifecycle;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an accepted update stands (column {@code telegram_inbox.status}, stored in lower case). A pending row is
 * routed once: answered at once ({@link #DONE}), refused ({@link #REJECTED}, {@link #IGNORED}, {@link #BLOCKED}),
 * or handed to the agent ({@link #SUBMITTED}); a handler that throws leaves it {@link #FAILED}. A submitted row ends
 * done or failed, or, left behind by a crash, goes back to pending for another hand-off under the same idempotency
 * key, or past the limit to {@link #INTERRUPTED}.
 */
public enum InboxStatus implements Lifecycle<InboxStatus> {
    PENDING, SUBMITTED, DONE, REJECTED, IGNORED, BLOCKED, FAILED, INTERRUPTED;

    private static final Set<InboxStatus> FROM_PENDING = EnumSet.of(SUBMITTED, DONE, REJECTED, IGNORED, BLOCKED, FAILED);
    private static final Set<InboxStatus> FROM_SUBMITTED = EnumSet.of(DONE, FAILED, PENDING, INTERRUPTED);

    @Override
    public boolean canMoveTo(InboxStatus next) {
        return switch (this) {
            case PENDING -> FROM_PENDING.contains(next);
            case SUBMITTED -> FROM_SUBMITTED.contains(next);
            case DONE, REJECTED, IGNORED, BLOCKED, FAILED, INTERRUPTED -> false;
        };
    }

    public static InboxStatus fromWire(String wire) {
        return Lifecycle.fromWire(InboxStatus.class, wire);
    }
}
