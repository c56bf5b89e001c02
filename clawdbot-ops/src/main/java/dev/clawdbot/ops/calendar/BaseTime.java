package dev.clawdbot.ops.calendar;

/**
 * The {@code --base-time} forms of {@code systemd-analyze calendar} that Clawdbot accepts: {@code now},
 * {@code @SECONDS[.FRACTION]} and {@code [Weekday ]YYYY-MM-DD[ HH:MM[:SS[.FRACTION]]][ UTC|ZONE|ABBREV]}, the
 * local forms resolved with {@code mktime} as systemd's {@code parse_timestamp} does. Returns microseconds.
 */
final class BaseTime {
    private BaseTime() {
    }

    static long parse(String text, long nowUsec, Libc local) throws CalendarSyntaxException {
        if (text.equals("now")) return nowUsec;
        if (text.startsWith("@")) return Timespan.parseMicros(text.substring(1));
        String t = text;
        boolean utc = false;
        int dst = -1;
        Libc libc = local;
        if (Ascii.endsWithIgnoreCase(t, " UTC")) {
            utc = true;
            t = t.substring(0, t.length() - 4);
        } else {
            int space = t.lastIndexOf(' ');
            String last = space < 0 ? "" : t.substring(space + 1);
            for (int j = 0; j <= 1 && dst < 0; j++) {
                if (!last.isEmpty() && last.equalsIgnoreCase(local.tzname(j))) dst = j;
            }
            if (dst >= 0) {
                t = t.substring(0, space);
            } else if (space >= 0 && ZoneInfo.validName(last)) {
                libc = local.fork(ZoneInfo.named(last));
                t = t.substring(0, space);
            }
        }
        // parse_timestamp converts "now" first, whatever follows: that sets tzname (and a forked zone's only in the child).
        libc.convert(Math.floorDiv(nowUsec, 1_000_000L), utc);
        Cursor p = new Cursor(t);
        int weekday = -1;
        String[] days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        for (int i = 0; i < days.length; i++) {
            if (p.startsWithIgnoreCase(days[i]) && p.at(3) == ' ') {
                weekday = i;
                p.skip(4);
                break;
            }
        }
        Tm tm = new Tm();
        tm.year = number(p, 4, '-') - 1900;
        tm.mon = number(p, 2, '-') - 1;
        tm.mday = number(p, 2, (char) 0);
        long micros = 0;
        if (p.at() == ' ') {
            p.skip(1);
            tm.hour = number(p, 2, ':');
            tm.min = number(p, 2, (char) 0);
            if (p.at() == ':') {
                p.skip(1);
                tm.sec = number(p, 2, (char) 0);
                if (p.at() == '.') {
                    p.skip(1);
                    long scale = 100_000;
                    if (!CalendarParser.isDigit(p.at())) throw CalendarSyntaxException.invalid();
                    while (CalendarParser.isDigit(p.at())) {
                        micros += (p.at() - '0') * scale;
                        scale /= 10;
                        p.skip(1);
                    }
                }
            }
        }
        if (p.at() != 0 || tm.mon > 11 || tm.mday > 31 || tm.hour > 23 || tm.min > 59 || tm.sec > 60) {
            throw CalendarSyntaxException.invalid();
        }
        tm.isdst = dst;
        long seconds = libc.mktimeOrTimegm(tm, utc);
        if (seconds == Long.MIN_VALUE || seconds < 0 || weekday >= 0 && tm.wday != weekday) {
            throw CalendarSyntaxException.invalid();
        }
        return seconds * 1_000_000L + micros;
    }

    /**
     * What trying {@code text} as a timestamp leaves behind, as systemd-analyze does for its hint after a spec fails
     * to parse: "now" converted to local time (which sets tzname) and, for a timestamp form, mktime's state.
     */
    static void tryForHint(String text, long nowUsec, Libc libc) {
        if (text.startsWith("+") || text.startsWith("-") || text.endsWith(" ago") || text.endsWith(" left")) return;
        try {
            parse(text, nowUsec, libc);
        } catch (CalendarSyntaxException e) {
            // Only the side effects matter here.
        }
    }

    /** Up to {@code max} digits, then the separator (skipped) unless it is NUL. */
    private static int number(Cursor p, int max, char separator) throws CalendarSyntaxException {
        int v = 0;
        int n = 0;
        while (n < max && CalendarParser.isDigit(p.at())) {
            v = v * 10 + (p.at() - '0');
            p.skip(1);
            n++;
        }
        if (n == 0) throw CalendarSyntaxException.invalid();
        if (separator != 0) {
            if (p.at() != separator) throw CalendarSyntaxException.invalid();
            p.skip(1);
        }
        return v;
    }
}
