package dev.clawdbot.core.outbox;

import java.util.Set;

/** Where an outbox row stands. DONE and FAILED are final; a CLAIMED row whose lease ran out is claimed again. */
public enum OutboxStatus implements Lifecycle<OutboxStatus> {
    PENDING, CLAIMED, DONE, FAILED;

    /** The moves {@link Outbox} makes; anything else is a bug. */
    @Override
    public boolean canMoveTo(OutboxStatus next) {
        return switch (this) {
            case PENDING -> next == CLAIMED;
            case CLAIMED -> Set.of(PENDING, CLAIMED, DONE, FAILED).contains(next);
            case DONE, FAILED -> false;
        };
    }

    /** Stored by name. */
    @Override
    public String wire() {
        return name();
    }
}
