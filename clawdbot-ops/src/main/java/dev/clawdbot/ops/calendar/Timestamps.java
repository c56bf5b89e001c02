package dev.clawdbot.ops.calendar;

/** systemd's {@code format_timestamp} ({@code Mon 2026-12-07 08:00:00 CET}) and {@code format_timestamp_relative}. */
final class Timestamps {
    private static final String[] WEEKDAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final long SEC = 1_000_000L;
    private static final long MINUTE = 60 * SEC;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    /** systemd's average Gregorian month and year: 30.44 and 365.25 days. */
    private static final long MONTH = 2_629_800L * SEC;
    private static final long YEAR = 31_557_600L * SEC;

    private Timestamps() {
    }

    /** In the local zone ({@code utc} false) or UTC; "n/a" where systemd cannot format it. */
    static String format(long usec, boolean utc, Libc libc) {
        if (usec <= 0 || usec > NextElapse.FORMATTABLE_MAX_USEC) return "n/a";
        Tm tm = libc.convert(usec / SEC, utc);
        StringBuilder b = new StringBuilder(WEEKDAYS[tm.wday]).append(' ')
                .append(tm.year + 1900).append('-').append(two(tm.mon + 1)).append('-').append(two(tm.mday))
                .append(' ').append(two(tm.hour)).append(':').append(two(tm.min)).append(':').append(two(tm.sec));
        if (utc) b.append(" UTC");
        else if (!tm.zone.isEmpty()) b.append(' ').append(tm.zone);
        return b.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    static String relative(long usec, long nowUsec) {
        long d;
        String s;
        if (nowUsec > usec) {
            d = nowUsec - usec;
            s = "ago";
        } else {
            d = usec - nowUsec;
            s = "left";
        }
        if (d >= YEAR) {
            long years = d / YEAR;
            long months = d % YEAR / MONTH;
            return years + (years == 1 ? " year " : " years ") + months + (months == 1 ? " month " : " months ") + s;
        }
        if (d >= MONTH) {
            long months = d / MONTH;
            long days = d % MONTH / DAY;
            return months + (months == 1 ? " month " : " months ") + days + (days == 1 ? " day " : " days ") + s;
        }
        if (d >= WEEK) {
            long weeks = d / WEEK;
            long days = d % WEEK / DAY;
            return weeks + (weeks == 1 ? " week " : " weeks ") + days + (days == 1 ? " day " : " days ") + s;
        }
        if (d >= 2 * DAY) return d / DAY + " days " + s;
        if (d >= 25 * HOUR) return "1 day " + (d - DAY) / HOUR + "h " + s;
        if (d >= 6 * HOUR) return d / HOUR + "h " + s;
        if (d >= HOUR) return d / HOUR + "h " + d % HOUR / MINUTE + "min " + s;
        if (d >= 5 * MINUTE) return d / MINUTE + "min " + s;
        if (d >= MINUTE) return d / MINUTE + "min " + d % MINUTE / SEC + "s " + s;
        if (d >= SEC) return d / SEC + "s " + s;
        if (d >= 1000) return d / 1000 + "ms " + s;
        if (d > 0) return d + "us " + s;
        return "now";
    }
}
