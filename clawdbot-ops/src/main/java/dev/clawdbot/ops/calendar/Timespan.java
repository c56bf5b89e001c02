package dev.clawdbot.ops.calendar;

/**
 * systemd's {@code parse_sec}, as {@code --base-time=@...} reads it: numbers with optional fractions and units
 * ({@code 1h 30min}, {@code 1.5d}), default seconds; returns microseconds. Unit names and their order are
 * systemd's, since the first matching prefix wins ({@code ms} before {@code m}).
 */
final class Timespan {
    private static final long USEC_INFINITY = -1L; // 2^64 - 1 as unsigned
    private static final String[] UNITS = {
        "seconds", "second", "sec", "s", "minutes", "minute", "min", "months", "month", "M", "msec", "ms", "m",
        "hours", "hour", "hr", "h", "days", "day", "d", "weeks", "week", "w", "years", "year", "y",
        "usec", "us", "μs"};
    private static final long[] USEC = {
        1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L, 60_000_000L, 60_000_000L, 60_000_000L,
        2_629_800_000_000L, 2_629_800_000_000L, 2_629_800_000_000L, 1_000L, 1_000L, 60_000_000L,
        3_600_000_000L, 3_600_000_000L, 3_600_000_000L, 3_600_000_000L,
        86_400_000_000L, 86_400_000_000L, 86_400_000_000L, 604_800_000_000L, 604_800_000_000L, 604_800_000_000L,
        31_557_600_000_000L, 31_557_600_000_000L, 31_557_600_000_000L, 1L, 1L, 1L};

    private Timespan() {
    }

    /** The span in microseconds, as an unsigned 64-bit value. */
    static long parseMicros(String text) throws CalendarSyntaxException {
        Cursor p = new Cursor(text);
        skipWhitespace(p);
        if (p.rest(0).startsWith("infinity")) {
            p.skip(8);
            skipWhitespace(p);
            if (p.at() != 0) throw CalendarSyntaxException.invalid();
            return USEC_INFINITY;
        }
        long usec = 0;
        boolean something = false;
        while (true) {
            skipWhitespace(p);
            if (p.at() == 0) {
                if (!something) throw CalendarSyntaxException.invalid();
                return usec;
            }
            if (p.at() == '-') throw CalendarSyntaxException.range();
            if (p.at() == '+') p.skip(1);
            long whole = 0;
            int digits = 0;
            while (CalendarParser.isDigit(p.at())) {
                if (whole > Long.MAX_VALUE / 10 - 9) throw CalendarSyntaxException.range();
                whole = whole * 10 + (p.at() - '0');
                p.skip(1);
                digits++;
            }
            Cursor fraction = null;
            if (p.at() == '.') {
                p.skip(1);
                fraction = p.copy();
                while (CalendarParser.isDigit(p.at())) p.skip(1);
            } else if (digits == 0) {
                throw CalendarSyntaxException.invalid();
            }
            Cursor unit = p.copy();
            skipWhitespace(unit);
            long multiplier = 1_000_000L;
            int unitLength = 0;
            for (int i = 0; i < UNITS.length; i++) {
                if (unit.rest(0).startsWith(UNITS[i])) {
                    multiplier = USEC[i];
                    unitLength = UNITS[i].length();
                    break;
                }
            }
            if (unitLength == 0 && p.at() != 0 && !isWhitespace(p.at())) throw CalendarSyntaxException.invalid();
            if (unitLength > 0) {
                p.moveTo(unit);
                p.skip(unitLength);
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(USEC_INFINITY, multiplier)) >= 0) {
                throw CalendarSyntaxException.range();
            }
            usec = add(usec, whole * multiplier);
            something = true;
            if (fraction != null) {
                long m = multiplier / 10;
                int n = 0;
                while (CalendarParser.isDigit(fraction.at())) {
                    usec = add(usec, (fraction.at() - '0') * m);
                    m /= 10;
                    fraction.skip(1);
                    n++;
                }
                if (n == 0) throw CalendarSyntaxException.invalid();
            }
        }
    }

    private static long add(long usec, long k) throws CalendarSyntaxException {
        if (Long.compareUnsigned(k, USEC_INFINITY - usec) >= 0) throw CalendarSyntaxException.range();
        return usec + k;
    }

    private static void skipWhitespace(Cursor p) {
        while (isWhitespace(p.at())) p.skip(1);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
