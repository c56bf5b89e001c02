package dev.clawdbot.ops.calendar;

import dev.clawdbot.ops.calendar.CalendarSpec.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Parses systemd calendar events with systemd's grammar and error numbers ({@code calendar_spec_from_string}
 * in systemd 252): one left-to-right pass over the text, no regular expressions, at most 241 components per
 * chain, so untrusted specs cost time linear in their length.
 */
public final class CalendarParser {
    static final int USEC_PER_SEC = 1_000_000;
    static final int MIN_YEAR = 1970;
    static final int MAX_YEAR = 2199;
    /** systemd's CALENDARSPEC_COMPONENTS_MAX: deeper comma lists are refused with ENOBUFS. */
    private static final int COMPONENTS_MAX = 240;
    private static final String[] DAY_NAMES = {
        "Monday", "Mon", "Tuesday", "Tue", "Wednesday", "Wed", "Thursday", "Thu",
        "Friday", "Fri", "Saturday", "Sat", "Sunday", "Sun"};

    private final IntFunction<String> tzname;

    /** @param local the zone {@code TZ} names: its abbreviations may end a spec, as in {@code daily CET} */
    public CalendarParser(ZoneInfo local) {
        this(local::tzname);
    }

    /** @param tzname C's {@code tzname[0]} and {@code [1]} at the time of parsing (they change with each conversion) */
    CalendarParser(IntFunction<String> tzname) {
        this.tzname = tzname;
    }

    /** A mutable spec under construction; chains are null for {@code *}. */
    private static final class Draft {
        int weekdays;
        boolean endOfMonth;
        boolean utc;
        int dst = -1;
        String timezone;
        List<Component> year;
        List<Component> month;
        List<Component> day;
        List<Component> hour;
        List<Component> minute;
        List<Component> usec;
    }

    public CalendarSpec parse(String spec) throws CalendarSyntaxException {
        Draft c = new Draft();
        String p = spec;
        if (Ascii.endsWithIgnoreCase(p, " UTC")) {
            c.utc = true;
            p = p.substring(0, p.length() - 4);
        } else {
            int j = 0;
            for (; j <= 1; j++) {
                String name = tzname.apply(j);
                if (name.isEmpty() || !Ascii.endsWithIgnoreCase(p, name)) continue;
                int e = p.length() - name.length();
                if (e == 0 || p.charAt(e - 1) != ' ') continue;
                break;
            }
            if (j <= 1) {
                c.dst = j;
                p = p.substring(0, p.length() - tzname.apply(j).length() - 1);
            } else {
                int lastSpace = p.lastIndexOf(' ');
                if (lastSpace >= 0 && ZoneInfo.validName(p.substring(lastSpace + 1))) {
                    c.timezone = p.substring(lastSpace + 1);
                    p = p.substring(0, lastSpace);
                }
            }
        }
        if (p.isEmpty()) throw CalendarSyntaxException.invalid();
        if (!shorthand(Ascii.lower(p), c)) {
            Cursor t = new Cursor(p);
            parseWeekdays(t, c);
            if (!parseDate(t, c)) parseTime(t, c);
            if (t.at() != 0) throw CalendarSyntaxException.invalid();
        }
        CalendarSpec result = normalize(c);
        if (!CalendarValidity.valid(result)) throw CalendarSyntaxException.invalid();
        return result;
    }

    private static boolean shorthand(String p, Draft c) {
        switch (p) {
            case "minutely" -> c.usec = constant(0);
            case "hourly" -> midnight(c, null, 0, -1);
            case "daily" -> midnight(c, null, 0, 0);
            case "monthly" -> midnight(c, null, 1, 0);
            case "annually", "yearly", "anually" -> midnight(c, List.of(1), 1, 0);
            case "weekly" -> {
                c.weekdays = 1;
                midnight(c, null, 0, 0);
            }
            case "quarterly" -> midnight(c, List.of(1, 4, 7, 10), 1, 0);
            case "biannually", "bi-annually", "semiannually", "semi-annually" -> midnight(c, List.of(1, 7), 1, 0);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sets month (when given), day (when > 0), hour 0 (when hour >= 0), minute 0 and second 0. */
    private static void midnight(Draft c, List<Integer> months, int day, int hour) {
        if (months != null) {
            c.month = new ArrayList<>();
            for (int m : months) c.month.add(new Component(m, -1, 0));
        }
        if (day > 0) c.day = constant(day);
        if (hour >= 0) c.hour = constant(0);
        c.minute = constant(0);
        c.usec = constant(0);
    }

    private static List<Component> constant(int v) {
        return new ArrayList<>(List.of(new Component(v, -1, 0)));
    }

    private static void parseWeekdays(Cursor p, Draft c) throws CalendarSyntaxException {
        int l = -1;
        boolean first = true;
        while (true) {
            int nr = -1;
            for (int i = 0; i < DAY_NAMES.length; i++) {
                String name = DAY_NAMES[i];
                if (!p.startsWithIgnoreCase(name)) continue;
                char after = p.at(name.length());
                if (after != 0 && after != '-' && after != '.' && after != ',' && after != ' ') {
                    throw CalendarSyntaxException.invalid();
                }
                nr = i / 2;
                c.weekdays |= 1 << nr;
                if (l >= 0) {
                    if (l > nr) throw CalendarSyntaxException.invalid();
                    for (int j = l + 1; j < nr; j++) c.weekdays |= 1 << j;
                }
                p.skip(name.length());
                break;
            }
            if (nr < 0) {
                if (first) return;
                throw CalendarSyntaxException.invalid();
            }
            if (p.at() == 0) return;
            if (p.at() == ' ') {
                p.skipSpaces();
                return;
            }
            if (p.at() == '.') {
                if (l >= 0 || p.at(1) != '.') throw CalendarSyntaxException.invalid();
                l = nr;
                p.skip(2);
            } else if (p.at() == '-') {
                if (l >= 0) throw CalendarSyntaxException.invalid();
                l = nr;
                p.skip(1);
            } else if (p.at() == ',') {
                l = -1;
                p.skip(1);
            }
            if (p.at() == 0 || p.at() == ' ') {
                p.skipSpaces();
                if (l >= 0) throw CalendarSyntaxException.invalid();
                return;
            }
            first = false;
        }
    }

    /** Returns true when the date part was {@code @TIMESTAMP}, which also fixes the time. */
    private static boolean parseDate(Cursor p, Draft c) throws CalendarSyntaxException {
        if (p.at() == 0) return false;
        if (p.at() == '@') {
            p.skip(1);
            Tm tm = Libc.gmtime(epochSeconds(p));
            c.year = constant(tm.year + 1900);
            c.month = constant(tm.mon + 1);
            c.day = constant(tm.mday);
            c.hour = constant(tm.hour);
            c.minute = constant(tm.min);
            c.usec = constant(tm.sec * USEC_PER_SEC);
            c.utc = true;
            return true;
        }
        Cursor t = p.copy();
        List<Component> first = parseChain(t, false);
        if (t.at() == 0 || t.at() == ':') return false; // a time, not a date
        if (t.at() == '~') c.endOfMonth = true;
        else if (t.at() != '-') throw CalendarSyntaxException.invalid();
        t.skip(1);
        List<Component> second = parseChain(t, false);
        if (t.at() == 0 || t.at() == ' ') {
            t.skipSpaces();
            p.moveTo(t);
            c.month = first;
            c.day = second;
            return false;
        } else if (c.endOfMonth) {
            throw CalendarSyntaxException.invalid();
        }
        if (t.at() == '~') c.endOfMonth = true;
        else if (t.at() != '-') throw CalendarSyntaxException.invalid();
        t.skip(1);
        List<Component> third = parseChain(t, false);
        if (t.at() != 0 && t.at() != ' ') throw CalendarSyntaxException.invalid();
        t.skipSpaces();
        p.moveTo(t);
        c.year = first;
        c.month = second;
        c.day = third;
        return false;
    }

    private static void parseTime(Cursor p, Draft c) throws CalendarSyntaxException {
        if (p.at() == 0) {
            c.hour = constant(0);
            c.minute = constant(0);
            c.usec = constant(0);
            return;
        }
        List<Component> h = parseChain(p, false);
        if (p.at() != ':') throw CalendarSyntaxException.invalid();
        p.skip(1);
        List<Component> m = parseChain(p, false);
        List<Component> s;
        if (p.at() == 0) {
            s = constant(0);
        } else {
            if (p.at() != ':') throw CalendarSyntaxException.invalid();
            p.skip(1);
            s = parseChain(p, true);
            if (p.at() != 0) throw CalendarSyntaxException.invalid();
        }
        c.hour = h;
        c.minute = m;
        c.usec = s;
    }

    /** A comma list of components, or {@code *} (null; for seconds systemd stores {@code 0/1}). */
    private static List<Component> parseChain(Cursor p, boolean usec) throws CalendarSyntaxException {
        if (p.at() == '*') {
            p.skip(1);
            return usec ? new ArrayList<>(List.of(new Component(0, -1, USEC_PER_SEC))) : null;
        }
        List<Component> chain = new ArrayList<>();
        for (int nesting = 0; ; nesting++) {
            if (nesting > COMPONENTS_MAX) throw new CalendarSyntaxException(CalendarSyntaxException.ENOBUFS);
            int start = decimal(p, usec);
            int stop = -1;
            int repeat = 0;
            if (p.at() == '.' && p.at(1) == '.') {
                p.skip(2);
                stop = decimal(p, usec);
                repeat = usec ? USEC_PER_SEC : 1;
            }
            if (p.at() == '/') {
                p.skip(1);
                repeat = decimal(p, usec);
                if (repeat == 0) throw CalendarSyntaxException.range();
            } else {
                if (start > Integer.MAX_VALUE - repeat) throw CalendarSyntaxException.range();
                // Without an explicit repeat, sub-second seconds ranges are refused: the step would be 1 s.
                if (usec && stop >= 0 && start + repeat > stop) throw CalendarSyntaxException.invalid();
            }
            char e = p.at();
            if (e != 0 && e != ' ' && e != ',' && e != '-' && e != '~' && e != ':') throw CalendarSyntaxException.invalid();
            chain.add(new Component(start, stop, repeat));
            if (e != ',') return chain;
            p.skip(1);
        }
    }

    /**
     * {@code strtoul} then a cast to {@code time_t}, as systemd reads {@code @SECONDS}: leading blanks and a sign
     * are accepted ("-5" wraps to a pre-1970 instant, refused later as a year), no digits is EINVAL, and an
     * instant whose year overflows C's {@code int} is ERANGE (gmtime fails).
     */
    private static long epochSeconds(Cursor p) throws CalendarSyntaxException {
        while (p.at() == ' ' || p.at() >= '\t' && p.at() <= '\r') p.skip(1);
        boolean negative = false;
        if (p.at() == '+' || p.at() == '-') {
            negative = p.at() == '-';
            p.skip(1);
        }
        if (!isDigit(p.at())) throw CalendarSyntaxException.invalid();
        long value = 0;
        boolean overflow = false;
        while (isDigit(p.at())) {
            long next = value * 10 + (p.at() - '0');
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0 || Long.compareUnsigned(next, value * 10) < 0) {
                overflow = true;
            }
            value = next;
            p.skip(1);
        }
        if (overflow) throw CalendarSyntaxException.range();
        long seconds = negative ? -value : value;
        // 2^31 years of 365.2425 days: beyond this gmtime's int year overflows.
        if (Math.abs(seconds / 31_556_952L) > Integer.MAX_VALUE - 1970L) throw CalendarSyntaxException.range();
        // Far outside 1970..2199 but still a valid time_t: refused as a year, without building the date.
        if (seconds < -86_400L * 366 || seconds > 7_300_000_000L) throw CalendarSyntaxException.invalid();
        return seconds;
    }

    /** An unsigned decimal; for seconds also a fraction (6 digits, the 7th rounds), returned in microseconds. */
    private static int decimal(Cursor p, boolean usec) throws CalendarSyntaxException {
        if (!isDigit(p.at())) throw CalendarSyntaxException.invalid();
        long value = 0;
        boolean huge = false;
        while (isDigit(p.at())) {
            if (!huge) {
                value = value * 10 + (p.at() - '0');
                huge = value > 1_000_000_000_000_000L;
            }
            p.skip(1);
        }
        if (huge) throw CalendarSyntaxException.range();
        if (usec) {
            if (value >= 18_446_744_073_710L) throw CalendarSyntaxException.range(); // value * 10^6 wraps 2^64
            value *= USEC_PER_SEC;
            if (p.at() == '.' && p.at(1) != '.') {
                p.skip(1);
                if (!isDigit(p.at())) throw CalendarSyntaxException.invalid();
                int add = 0;
                for (int i = 0; i < 6; i++) {
                    if (isDigit(p.at())) {
                        add = add * 10 + (p.at() - '0');
                        p.skip(1);
                    } else {
                        add *= 10;
                    }
                }
                if (p.at() >= '5' && p.at() <= '9') add++;
                while (isDigit(p.at())) p.skip(1);
                value += add;
            }
        }
        if (value > Integer.MAX_VALUE) throw CalendarSyntaxException.range();
        return (int) value;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static CalendarSpec normalize(Draft c) {
        int weekdays = c.weekdays <= 0 || c.weekdays >= 127 ? -1 : c.weekdays;
        boolean endOfMonth = c.endOfMonth && c.day != null;
        List<Component> year = c.year;
        if (year != null) {
            List<Component> fixed = new ArrayList<>();
            for (Component x : year) fixed.add(new Component(fixYear(x.start()), fixYear(x.stop()), x.repeat()));
            year = fixed;
        }
        return new CalendarSpec(weekdays, endOfMonth, c.utc, c.dst, c.timezone, chain(year), chain(c.month),
                chain(c.day), chain(c.hour), chain(c.minute), chain(c.usec));
    }

    /** Two-digit years: 0–69 are 20xx, 70–99 are 19xx. */
    private static int fixYear(int y) {
        if (y >= 0 && y < 70) return y + 2000;
        if (y >= 70 && y < 100) return y + 1900;
        return y;
    }

    /** systemd's normalize_chain: a range's stop snaps down to its last repetition, then sort and de-duplicate. */
    private static List<Component> chain(List<Component> in) {
        if (in == null) return List.of();
        List<Component> out = new ArrayList<>();
        for (Component x : in) {
            int stop = x.stop() > -1 && x.repeat() > 0
                    ? x.start() + (x.stop() - x.start()) / x.repeat() * x.repeat() : x.stop();
            // A range whose only repetition is its start is that single value ("5..6/3" is "05").
            out.add(stop == x.start() ? new Component(x.start(), -1, 0) : new Component(x.start(), stop, x.repeat()));
        }
        return out.stream().sorted().distinct().toList();
    }
}
