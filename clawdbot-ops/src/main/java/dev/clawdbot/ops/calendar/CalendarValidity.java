package dev.clawdbot.ops.calendar;

import dev.clawdbot.ops.calendar.CalendarSpec.Component;

import java.util.List;

/** systemd's {@code calendar_spec_valid}: every component in its field's range, repeats that can repeat. */
final class CalendarValidity {
    private CalendarValidity() {
    }

    static boolean valid(CalendarSpec c) {
        return chainValid(c.year(), CalendarParser.MIN_YEAR, CalendarParser.MAX_YEAR, false)
                && chainValid(c.month(), 1, 12, false)
                && chainValid(c.day(), 1, 31, c.endOfMonth())
                && chainValid(c.hour(), 0, 23, false)
                && chainValid(c.minute(), 0, 59, false)
                && chainValid(c.microsecond(), 0, 60 * CalendarParser.USEC_PER_SEC - 1, false);
    }

    private static boolean chainValid(List<Component> chain, int from, int to, boolean endOfMonth) {
        for (Component c : chain) {
            // Counting back from the month's end, at most the 28th-last day exists in every month. systemd
            // lowers the bound again for each further component (its check recurses with the lowered bound),
            // so "*-*~13,27" is refused; compatibility wins.
            if (endOfMonth) to -= 3;
            if (c.start() < from || c.start() > to) return false;
            if (c.repeat() > to - from) return false;
            if (c.stop() >= 0) {
                if (c.stop() < from || c.stop() > to) return false;
                if (c.start() + c.repeat() > c.stop()) return false;
            } else if (endOfMonth ? c.start() - c.repeat() < from : c.start() + c.repeat() > to) {
                return false;
            }
        }
        return true;
    }
}
