package dev.clawdbot.ops.calendar;

import dev.clawdbot.ops.calendar.CalendarSpec.Component;

import java.util.List;
import java.util.function.IntFunction;

/** The normalised text of a spec, as {@code calendar_spec_to_string} writes it ({@code Mon..Fri *-*-* 09:00:00}). */
public final class CalendarFormat {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private CalendarFormat() {
    }

    /** @param local the local zone, whose abbreviation is shown when the spec named it */
    public static String format(CalendarSpec c, ZoneInfo local) {
        return format(c, local::tzname);
    }

    /** @param tzname C's {@code tzname[0]} and {@code [1]} now, one of which is shown when the spec named it */
    static String format(CalendarSpec c, IntFunction<String> tzname) {
        StringBuilder b = new StringBuilder();
        if (c.weekdays() > 0 && c.weekdays() <= 127) {
            weekdays(b, c.weekdays());
            b.append(' ');
        }
        chain(b, 4, c.year(), false);
        b.append('-');
        chain(b, 2, c.month(), false);
        b.append(c.endOfMonth() ? '~' : '-');
        chain(b, 2, c.day(), false);
        b.append(' ');
        chain(b, 2, c.hour(), false);
        b.append(':');
        chain(b, 2, c.minute(), false);
        b.append(':');
        chain(b, 2, c.microsecond(), true);
        if (c.utc()) {
            b.append(" UTC");
        } else if (c.timezone() != null) {
            b.append(' ').append(c.timezone());
        } else if (c.dst() == 0 || c.dst() == 1) {
            String name = tzname.apply(c.dst());
            if (!name.isEmpty()) b.append(' ').append(name);
        }
        return b.toString();
    }

    /** Runs of three or more days become {@code a..b}, pairs {@code a,b}. */
    private static void weekdays(StringBuilder b, int bits) {
        boolean comma = false;
        int l = -1;
        int x = 0;
        for (; x < DAYS.length; x++) {
            if ((bits & (1 << x)) != 0) {
                if (l < 0) {
                    if (comma) b.append(',');
                    comma = true;
                    b.append(DAYS[x]);
                    l = x;
                }
            } else if (l >= 0) {
                closeRun(b, l, x);
                l = -1;
            }
        }
        if (l >= 0) closeRun(b, l, x);
    }

    private static void closeRun(StringBuilder b, int l, int x) {
        if (x > l + 1) b.append(x > l + 2 ? ".." : ",").append(DAYS[x - 1]);
    }

    private static void chain(StringBuilder b, int width, List<Component> chain, boolean usec) {
        int d = usec ? CalendarParser.USEC_PER_SEC : 1;
        if (chain.isEmpty()) {
            b.append('*');
            return;
        }
        if (usec) {
            for (Component c : chain) {
                if (c.start() == 0 && c.stop() < 0 && c.repeat() == CalendarParser.USEC_PER_SEC) {
                    b.append('*');
                    return;
                }
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            Component c = chain.get(i);
            if (i > 0) b.append(',');
            pad(b, width, c.start() / d);
            if (c.start() % d > 0) fraction(b, c.start() % d);
            if (c.stop() > 0) {
                b.append("..");
                pad(b, width, c.stop() / d);
            }
            if (c.stop() % d > 0) fraction(b, c.stop() % d);
            if (c.repeat() > 0 && !(c.stop() > 0 && c.repeat() == d)) b.append('/').append(c.repeat() / d);
            if (c.repeat() % d > 0) fraction(b, c.repeat() % d);
        }
    }

    private static void pad(StringBuilder b, int width, int v) {
        String s = Integer.toString(v);
        b.append("0".repeat(Math.max(0, width - s.length()))).append(s);
    }

    private static void fraction(StringBuilder b, int micros) {
        String s = Integer.toString(micros);
        b.append('.').append("0".repeat(6 - s.length())).append(s);
    }
}
