package dev.clawdbot.ops.calendar;

/**
 * C's {@code struct tm}, mutable on purpose: the next-elapse search works field by field on an out-of-range
 * value and lets {@code mktime} normalise it, and porting that faithfully needs the same shape.
 * {@code year} counts from 1900 and {@code mon} from 0, as in C.
 */
final class Tm {
    int sec;
    int min;
    int hour;
    int mday;
    int mon;
    int year;
    int wday;
    int isdst;
    int gmtoff;
    String zone = "";

    Tm copy() {
        Tm t = new Tm();
        t.set(this);
        return t;
    }

    /** All of {@code from}, as C's {@code *tm = from}. */
    void set(Tm from) {
        setFields(from);
        gmtoff = from.gmtoff;
        zone = from.zone;
    }

    /** The wall-clock fields, weekday and DST flag of {@code from}; the offset and zone name stay. */
    void setFields(Tm from) {
        sec = from.sec;
        min = from.min;
        hour = from.hour;
        mday = from.mday;
        mon = from.mon;
        year = from.year;
        wday = from.wday;
        isdst = from.isdst;
    }
}
