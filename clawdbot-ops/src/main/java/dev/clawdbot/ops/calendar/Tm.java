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
        t.sec = sec;
        t.min = min;
        t.hour = hour;
        t.mday = mday;
        t.mon = mon;
        t.year = year;
        t.wday = wday;
        t.isdst = isdst;
        t.gmtoff = gmtoff;
        t.zone = zone;
        return t;
    }
}
