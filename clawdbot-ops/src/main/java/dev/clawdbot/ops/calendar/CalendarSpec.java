package dev.clawdbot.ops.calendar;

import java.util.List;

/**
 * A parsed and normalised systemd calendar event (systemd.time(7)). Each chain is a sorted, de-duplicated list of
 * components; an empty chain means {@code *}. Seconds are kept in microseconds, as systemd does.
 *
 * @param weekdays   bit 0 = Monday … bit 6 = Sunday; -1 = any day
 * @param endOfMonth the day chain counts back from the month's end ({@code ~})
 * @param utc        the spec ended in {@code UTC}
 * @param dst        -1 unless the spec named the local zone's standard (0) or daylight (1) abbreviation
 * @param timezone   an explicit zone such as {@code Europe/Amsterdam}, or null
 */
public record CalendarSpec(int weekdays, boolean endOfMonth, boolean utc, int dst, String timezone,
                           List<Component> year, List<Component> month, List<Component> day,
                           List<Component> hour, List<Component> minute, List<Component> microsecond) {

    /** One element of a chain: {@code start[..stop][/repeat]}; stop is -1 without a range, repeat 0 without one. */
    public record Component(int start, int stop, int repeat) implements Comparable<Component> {
        @Override
        public int compareTo(Component o) {
            int c = Integer.compare(start, o.start);
            if (c == 0) c = Integer.compare(stop, o.stop);
            return c == 0 ? Integer.compare(repeat, o.repeat) : c;
        }
    }

    public CalendarSpec {
        year = List.copyOf(year);
        month = List.copyOf(month);
        day = List.copyOf(day);
        hour = List.copyOf(hour);
        minute = List.copyOf(minute);
        microsecond = List.copyOf(microsecond);
    }
}
