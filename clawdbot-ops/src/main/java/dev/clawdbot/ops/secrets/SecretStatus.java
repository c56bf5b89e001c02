package dev.clawdbot.ops.secrets;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One inventoried secret on a given day: when it was last rotated and where it stands on the reminder ladder.
 *
 * @param recorded false while the last-rotated date is only when Clawdbot first saw the secret
 */
public record SecretStatus(SecretEntry entry, LocalDate lastRotated, boolean recorded, LocalDate due, LocalDate today) {
    /** Reminders start this many days before the due date. */
    public static final int WARN_DAYS = 14;

    /** The ladder's rungs. */
    public enum State { OK, DUE_SOON, DUE, OVERDUE }

    /** Days until due; negative once past it. */
    public long daysLeft() {
        return ChronoUnit.DAYS.between(today, due);
    }

    public State state() {
        long left = daysLeft();
        if (left > WARN_DAYS) return State.OK;
        if (left > 0) return State.DUE_SOON;
        if (left > -7) return State.DUE;
        return State.OVERDUE;
    }

    /** The ladder step a reminder for today belongs to ({@code soon}, {@code due}, {@code overdue-N} for week N), or null. */
    public String step() {
        return switch (state()) {
            case OK -> null;
            case DUE_SOON -> "soon";
            case DUE -> "due";
            case OVERDUE -> "overdue-" + (-daysLeft() / 7);
        };
    }
}
