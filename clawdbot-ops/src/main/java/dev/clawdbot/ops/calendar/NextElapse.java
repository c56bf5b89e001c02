package dev.clawdbot.ops.calendar;

import dev.clawdbot.ops.calendar.CalendarSpec.Component;

import java.util.List;
import java.util.OptionalLong;

/**
 * The next instant a spec elapses after a given one: systemd's {@code find_next}, which walks year, month, day,
 * weekday, hour, minute and second in local wall-clock fields and lets {@code mktime} normalise them. That is what
 * decides DST: a time inside a spring-forward gap fires at the shifted wall time mktime returns, and a time
 * inside a fall-back fold fires once, on the side mktime's previous guess lands on.
 */
final class NextElapse {
    /** systemd's safety valve against a calculation that does not converge. */
    private static final int MAX_ITERATIONS = 1000;
    /** systemd's USEC_TIMESTAMP_FORMATTABLE_MAX: Thu 9999-12-30 23:59:59 UTC. */
    static final long FORMATTABLE_MAX_USEC = 253_402_214_399_000_000L;

    /** systemd's errors other than "never": EDEADLK when the search does not converge, EINVAL out of range. */
    static final class Failure extends Exception {
        Failure(String strerror) {
            super(strerror, null, false, false);
        }
    }

    private NextElapse() {
    }

    /**
     * The first elapse strictly after {@code usec} (microseconds since the epoch), empty when there is none.
     * {@code libc} is the process's C library state in the spec's zone.
     */
    static OptionalLong after(CalendarSpec spec, long usec, Libc libc) throws Failure {
        if (usec > FORMATTABLE_MAX_USEC) throw new Failure(CalendarSyntaxException.EINVAL);
        usec++;
        Tm tm = libc.convert(Math.floorDiv(usec, 1_000_000L), spec.utc());
        int[] micros = {(int) Math.floorMod(usec, 1_000_000L)};
        if (!find(spec, tm, micros, libc)) return OptionalLong.empty();
        long t = libc.mktimeOrTimegm(tm, spec.utc());
        if (t == Long.MIN_VALUE || t < 0) throw new Failure(CalendarSyntaxException.EINVAL);
        return OptionalLong.of(t * 1_000_000L + micros[0]);
    }

    private static boolean find(CalendarSpec spec, Tm tm, int[] usecOut, Libc libc) throws Failure {
        boolean utc = spec.utc();
        Tm c = tm.copy();
        int startUsec = usecOut[0];
        int usec = startUsec;
        // Set once normalising went backwards: from then on c keeps the tm_isdst mktime found (systemd PR 36897,
        // in Debian's 252.39; without it a negative-DST zone such as Europe/Dublin returns the same elapse again).
        boolean keepDst = false;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            libc.mktimeOrTimegm(c, utc);
            if (!keepDst) c.isdst = spec.dst();

            int[] v = {c.year + 1900};
            int r = match(spec, spec.year(), false, c, v, libc);
            c.year = v[0] - 1900;
            if (r > 0) {
                c.mon = 0;
                c.mday = 1;
                c.hour = c.min = c.sec = usec = 0;
            }
            if (r < 0) return false;
            if (withinBounds(c, utc, libc) <= 0) return false;

            v[0] = c.mon + 1;
            r = match(spec, spec.month(), false, c, v, libc);
            c.mon = v[0] - 1;
            if (r > 0) {
                c.mday = 1;
                c.hour = c.min = c.sec = usec = 0;
            }
            if (r < 0 || (r = withinBounds(c, utc, libc)) < 0) {
                c.year++;
                c.mon = 0;
                c.mday = 1;
                c.hour = c.min = c.sec = usec = 0;
                continue;
            }
            if (r == 0) continue;

            v[0] = c.mday;
            r = match(spec, spec.day(), spec.endOfMonth(), c, v, libc);
            c.mday = v[0];
            if (r > 0) c.hour = c.min = c.sec = usec = 0;
            if (r < 0 || (r = withinBounds(c, utc, libc)) < 0) {
                c.mon++;
                c.mday = 1;
                c.hour = c.min = c.sec = usec = 0;
                continue;
            }
            if (r == 0) continue;

            if (!matchesWeekday(spec.weekdays(), c, utc, libc)) {
                c.mday++;
                c.hour = c.min = c.sec = usec = 0;
                continue;
            }

            v[0] = c.hour;
            r = match(spec, spec.hour(), false, c, v, libc);
            c.hour = v[0];
            if (r > 0) c.min = c.sec = usec = 0;
            if (r < 0 || (r = withinBounds(c, utc, libc)) < 0) {
                c.mday++;
                c.hour = c.min = c.sec = usec = 0;
                continue;
            }
            if (r == 0) continue; // the hour set may not exist (DST): retry from the normalised time

            v[0] = c.min;
            r = match(spec, spec.minute(), false, c, v, libc);
            c.min = v[0];
            if (r > 0) c.sec = usec = 0;
            if (r < 0 || (r = withinBounds(c, utc, libc)) < 0) {
                c.hour++;
                c.min = c.sec = usec = 0;
                continue;
            }
            if (r == 0) continue;

            v[0] = c.sec * CalendarParser.USEC_PER_SEC + usec;
            r = match(spec, spec.microsecond(), false, c, v, libc);
            usec = v[0] % CalendarParser.USEC_PER_SEC;
            c.sec = v[0] / CalendarParser.USEC_PER_SEC;
            if (r < 0 || (r = withinBounds(c, utc, libc)) < 0) {
                c.min++;
                c.sec = usec = 0;
                continue;
            }
            if (r == 0) continue;

            int order = compareFields(tm, c);
            if (order == 0) order = Integer.compare(startUsec, usec + 1);
            if (order >= 0) {
                // Not after the start: mktime moved a gap time back (the DST side of a negative-DST zone's
                // spring gap is the earlier one). Try an hour later and let mktime pick the side.
                keepDst = true;
                c.hour++;
                continue;
            }

            tm.setFields(c);
            usecOut[0] = usec;
            return true;
        }
        throw new Failure("Resource deadlock avoided");
    }

    /** Wall-clock fields in order, year first, as systemd's tm_compare. */
    private static int compareFields(Tm a, Tm b) {
        int r = Integer.compare(a.year, b.year);
        if (r == 0) r = Integer.compare(a.mon, b.mon);
        if (r == 0) r = Integer.compare(a.mday, b.mday);
        if (r == 0) r = Integer.compare(a.hour, b.hour);
        if (r == 0) r = Integer.compare(a.min, b.min);
        if (r == 0) r = Integer.compare(a.sec, b.sec);
        return r;
    }

    /**
     * 1 when {@code tm} is a real time, 0 when normalising moved it forward (it is updated, lower fields reset),
     * -1 when normalising would move it backward or it is past year 2199.
     */
    private static int withinBounds(Tm tm, boolean utc, Libc libc) {
        if (tm.year + 1900 > CalendarParser.MAX_YEAR) return -1;
        Tm t = tm.copy();
        if (libc.mktimeOrTimegm(t, utc) == Long.MIN_VALUE) return -1;
        int cmp;
        if ((cmp = Integer.compare(t.year, tm.year)) != 0) t.mon = 0;
        else if ((cmp = Integer.compare(t.mon, tm.mon)) != 0) t.mday = 1;
        else if ((cmp = Integer.compare(t.mday, tm.mday)) != 0) t.hour = 0;
        else if ((cmp = Integer.compare(t.hour, tm.hour)) != 0) t.min = 0;
        else if ((cmp = Integer.compare(t.min, tm.min)) != 0) t.sec = 0;
        else cmp = Integer.compare(t.sec, tm.sec);
        if (cmp < 0) return -1;
        if (cmp > 0) {
            tm.set(t);
        }
        return cmp == 0 ? 1 : 0;
    }

    private static boolean matchesWeekday(int bits, Tm tm, boolean utc, Libc libc) {
        if (bits < 0 || bits >= 127) return true;
        Tm t = tm.copy();
        if (libc.mktimeOrTimegm(t, utc) == Long.MIN_VALUE) return false;
        int k = t.wday == 0 ? 6 : t.wday - 1;
        return (bits & (1 << k)) != 0;
    }

    /** The day of month that is {@code day} days before the next month's first, or -1 (systemd's find_end_of_month). */
    private static int endOfMonth(Tm tm, boolean utc, int day, Libc libc) {
        Tm t = tm.copy();
        t.mon++;
        t.mday = 1 - day;
        if (libc.mktimeOrTimegm(t, utc) == Long.MIN_VALUE || t.mon != tm.mon) return -1;
        return t.mday;
    }

    /**
     * Sets {@code val[0]} to the earliest value of the chain at or after it: 1 when it changed, 0 when it
     * already matched, -1 when nothing matches. An empty chain matches everything.
     */
    private static int match(CalendarSpec spec, List<Component> chain, boolean endOfMonth, Tm tm, int[] val,
                             Libc libc) {
        if (chain.isEmpty()) return 0;
        int d = -1;
        boolean set = false;
        for (Component c : chain) {
            int start = c.start();
            int stop = c.stop();
            if (endOfMonth) {
                start = endOfMonth(tm, spec.utc(), c.start(), libc);
                stop = endOfMonth(tm, spec.utc(), c.stop(), libc);
                if (stop > 0) {
                    int swap = start;
                    start = stop;
                    stop = swap;
                }
            }
            if (start >= val[0]) {
                if (!set || start < d) {
                    d = start;
                    set = true;
                }
            } else if (c.repeat() > 0) {
                long k = start + (long) c.repeat() * ceilDiv(val[0] - start, c.repeat());
                if ((!set || k < d) && (stop < 0 || k <= stop)) {
                    d = (int) k;
                    set = true;
                }
            }
        }
        if (!set) return -1;
        int r = val[0] != d ? 1 : 0;
        val[0] = d;
        return r;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
