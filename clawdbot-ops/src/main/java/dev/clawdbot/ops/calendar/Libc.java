package dev.clawdbot.ops.calendar;

import java.time.LocalDate;

/**
 * glibc's {@code localtime_r}, {@code gmtime_r}, {@code timegm} and {@code mktime} over one {@link ZoneInfo}.
 * {@code mktime} is ported from glibc 2.36's algorithm because systemd's DST behaviour is whatever it does:
 * it guesses with the offset its previous call found (the process-wide {@code localtime_offset}, kept here in
 * {@link #offset}), refines by the error until the guess is a fixed point, picks a side of a spring-forward gap
 * when it oscillates, and probes neighbouring instants when the requested {@code tm_isdst} disagrees.
 */
final class Libc {
    /** glibc's probe limit: enough for any zone history, leap seconds and a gap. */
    private static final int PROBES = 6;
    /**
     * glibc 2.36's stride and bound when searching for a neighbour with the wanted tm_isdst: the shortest DST
     * period and half the longest (536,454,000 s, America/Jujuy) in tzdata 2003a. Later gnulib uses other values.
     */
    private static final int STRIDE = 601_200;
    private static final int DELTA_BOUND = 536_454_000 / 2 + STRIDE;
    private static final long MIN_T = -(1L << 55);
    private static final long MAX_T = 1L << 55;

    final ZoneInfo zone;
    /** The {@code localtime_offset} state; 0 at process start. */
    long offset;
    /** glibc's {@code tzname}, which each local conversion sets to the names around the converted instant. */
    private String[] tzname;

    Libc(ZoneInfo zone) {
        this.zone = zone;
        this.tzname = zone.loadedTzname();
    }

    /** {@code tzname[dst]} now: a spec or base time may end with one of these two abbreviations. */
    String tzname(int dst) {
        return tzname[dst];
    }

    /** A copy sharing the offset state, as a forked child inherits it (systemd computes foreign zones in one). */
    Libc fork(ZoneInfo other) {
        Libc child = new Libc(other);
        child.offset = offset;
        return child;
    }

    Tm localtime(long t) {
        tzname = zone.tznameAt(t);
        ZoneInfo.Local l = zone.at(t);
        Tm tm = breakDown(t + l.offset());
        tm.isdst = l.dst() ? 1 : 0;
        tm.gmtoff = l.offset();
        tm.zone = l.abbreviation();
        return tm;
    }

    static Tm gmtime(long t) {
        Tm tm = breakDown(t);
        tm.zone = "GMT";
        return tm;
    }

    Tm convert(long t, boolean utc) {
        return utc ? gmtime(t) : localtime(t);
    }

    private static Tm breakDown(long wall) {
        long days = Math.floorDiv(wall, 86_400);
        int secs = Math.floorMod(wall, 86_400);
        LocalDate d = LocalDate.ofEpochDay(days);
        Tm tm = new Tm();
        tm.year = d.getYear() - 1900;
        tm.mon = d.getMonthValue() - 1;
        tm.mday = d.getDayOfMonth();
        tm.hour = secs / 3600;
        tm.min = secs / 60 % 60;
        tm.sec = secs % 60;
        tm.wday = d.getDayOfWeek().getValue() % 7;
        return tm;
    }

    /** Seconds of the (possibly out-of-range) wall time as if it were UTC; month normalised first, as glibc. */
    static long linear(long year1900, long mon, long mday, long hour, long min, long sec) {
        long years = Math.floorDiv(mon, 12);
        long m = Math.floorMod(mon, 12);
        long day = LocalDate.of((int) (year1900 + 1900 + years), (int) m + 1, 1).toEpochDay() + mday - 1;
        return day * 86_400 + hour * 3600 + min * 60 + sec;
    }

    private static long wall(Tm tm) {
        return linear(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
    }

    /** {@code timegm}: normalises {@code tm} in place and returns its instant. */
    static long timegm(Tm tm) {
        long t = wall(tm);
        Tm n = gmtime(t);
        tm.set(n);
        return t;
    }

    long mktimeOrTimegm(Tm tm, boolean utc) {
        return utc ? timegm(tm) : mktime(tm);
    }

    /** {@code mktime}: normalises {@code tm} in place; returns the instant, or {@link Long#MIN_VALUE} on failure. */
    long mktime(Tm tp) {
        int isdst = tp.isdst;
        int secRequested = tp.sec;
        int sec = Math.max(0, Math.min(59, secRequested));
        long target = linear(tp.year, tp.mon, tp.mday, tp.hour, tp.min, sec);
        long off = offset;
        long t0 = target + off;
        long t = t0;
        long t1 = t0;
        long t2 = t0;
        boolean dst2 = false;
        int remaining = PROBES;
        Tm tm;
        boolean found = false;
        while (true) {
            tm = localtime(t);
            long dt = target - wall(tm);
            if (dt == 0) break;
            boolean thisDst = tm.isdst != 0;
            // Oscillating around a spring-forward gap: with tm_isdst unset, glibc keeps the DST side
            // (dst2 <= thisDst), so 02:30 in a 02:00→03:00 gap becomes 03:30 DST.
            if (t == t1 && t != t2 && (isdst < 0 ? !dst2 || thisDst : (isdst != 0) != thisDst)) {
                found = true;
                break;
            }
            if (--remaining == 0) return Long.MIN_VALUE;
            t1 = t2;
            t2 = t;
            t += dt;
            dst2 = tm.isdst != 0;
        }
        if (!found && isdstDiffer(isdst, tm.isdst)) {
            boolean matched = false;
            search:
            for (int delta = STRIDE; delta < DELTA_BOUND; delta += STRIDE) {
                for (int direction = -1; direction <= 1; direction += 2) {
                    long ot = t + (long) delta * direction;
                    Tm otm = localtime(ot);
                    if (!isdstDiffer(isdst, otm.isdst)) {
                        long gt = ot + (target - wall(otm));
                        if (gt >= MIN_T && gt <= MAX_T) {
                            tm = localtime(gt);
                            t = gt;
                            matched = true;
                            break search;
                        }
                    }
                }
            }
            // glibc 2.36 gives up (EOVERFLOW); later versions assume a one-hour DST instead.
            if (!matched) return Long.MIN_VALUE;
        }
        offset = t - target;
        if (secRequested != tm.sec) {
            long adjustment = (sec == 0 && tm.sec == 60 ? 1 : 0) - sec + secRequested;
            t += adjustment;
            tm = localtime(t);
        }
        tp.set(tm);
        return t;
    }

    private static boolean isdstDiffer(int a, int b) {
        return (a == 0) != (b == 0) && a >= 0 && b >= 0;
    }
}
