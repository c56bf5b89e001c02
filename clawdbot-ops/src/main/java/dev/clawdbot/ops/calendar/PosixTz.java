package dev.clawdbot.ops.calendar;

import java.time.LocalDate;

/**
 * A POSIX {@code TZ} rule string ({@code CET-1CEST,M3.5.0,M10.5.0/3}), as the footer of a TZif file carries it
 * for every instant after its last transition, and as {@code TZ} itself may be. Evaluated the way glibc's
 * {@code __tz_compute} does: the change instants are computed for the UTC year of the instant asked about.
 * Parsed by a hand-written scanner over a string of at most a few dozen characters.
 */
record PosixTz(String stdName, int stdOffset, String dstName, int dstOffset, Rule start, Rule end) {

    /** A change date and local time: {@code kind} 'J' (Jn, no leap day), 'D' (n, zero-based) or 'M' (Mm.w.d). */
    record Rule(char kind, int month, int week, int day, int secs) {
    }

    boolean hasDst() {
        return dstName != null;
    }

    /** The offset, DST flag and abbreviation in force at {@code epochSecond}. */
    ZoneInfo.Local at(long epochSecond) {
        if (!hasDst()) return new ZoneInfo.Local(stdOffset, false, stdName);
        int year = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400)).getYear();
        long dstStarts = change(start, year, stdOffset);
        long dstEnds = change(end, year, dstOffset);
        boolean dst = dstStarts > dstEnds
                ? epochSecond < dstEnds || epochSecond >= dstStarts
                : epochSecond >= dstStarts && epochSecond < dstEnds;
        return dst ? new ZoneInfo.Local(dstOffset, true, dstName) : new ZoneInfo.Local(stdOffset, false, stdName);
    }

    private static long change(Rule r, int year, int offsetBefore) {
        long t = LocalDate.of(year, 1, 1).toEpochDay() * 86_400;
        boolean leap = LocalDate.of(year, 1, 1).isLeapYear();
        switch (r.kind) {
            case 'J' -> t += (r.day - 1) * 86_400L + (leap && r.day >= 60 ? 86_400L : 0);
            case 'D' -> t += r.day * 86_400L;
            default -> {
                LocalDate first = LocalDate.of(year, r.month, 1);
                int dow = first.getDayOfWeek().getValue() % 7; // 0 = Sunday, as in POSIX
                int d = r.day - dow;
                if (d < 0) d += 7;
                for (int i = 1; i < r.week && d + 7 < first.lengthOfMonth(); i++) d += 7;
                t += (first.getDayOfYear() - 1 + d) * 86_400L;
            }
        }
        return t + r.secs - offsetBefore;
    }

    /** Parses a rule string; returns null when it is not one (the caller then falls back to UTC, as glibc). */
    static PosixTz parse(String s) {
        Scanner sc = new Scanner(s);
        String std = sc.name();
        if (std == null) return null;
        Integer stdOff = sc.offset();
        if (stdOff == null) return null;
        if (sc.atEnd()) return new PosixTz(std, stdOff, null, stdOff, null, null);
        String dst = sc.name();
        if (dst == null) return null;
        int dstOff = stdOff + 3600;
        if (!sc.atEnd() && sc.peek() != ',') {
            Integer o = sc.offset();
            if (o == null) return null;
            dstOff = o;
        }
        Rule start = new Rule('M', 3, 2, 0, 7200);
        Rule end = new Rule('M', 11, 1, 0, 7200);
        if (!sc.atEnd()) {
            if (sc.next() != ',') return null;
            start = sc.rule();
            if (start == null || sc.atEnd() || sc.next() != ',') return null;
            end = sc.rule();
            if (end == null) return null;
        }
        return sc.atEnd() ? new PosixTz(std, stdOff, dst, dstOff, start, end) : null;
    }

    private static final class Scanner {
        private final String s;
        private int i;

        Scanner(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return s.charAt(i);
        }

        char next() {
            return s.charAt(i++);
        }

        String name() {
            if (atEnd()) return null;
            int from = i;
            if (peek() == '<') {
                int close = s.indexOf('>', i);
                if (close < 0) return null;
                i = close + 1;
                return s.substring(from + 1, close);
            }
            while (!atEnd() && Character.isLetter(peek())) i++;
            return i - from >= 3 ? s.substring(from, i) : null;
        }

        /** POSIX offsets are west-positive; returns seconds east of UTC. */
        Integer offset() {
            Integer secs = time();
            return secs == null ? null : -secs;
        }

        Integer time() {
            int sign = 1;
            if (!atEnd() && (peek() == '+' || peek() == '-')) sign = next() == '-' ? -1 : 1;
            int total = 0;
            for (int part = 0; part < 3; part++) {
                int from = i;
                int v = 0;
                while (!atEnd() && Character.isDigit(peek()) && i - from < 3) v = v * 10 + (next() - '0');
                if (i == from) return part == 0 ? null : total * sign;
                total += v * (part == 0 ? 3600 : part == 1 ? 60 : 1);
                if (part == 2 || atEnd() || peek() != ':') return total * sign;
                i++;
            }
            return total * sign;
        }

        Integer number() {
            int from = i;
            int v = 0;
            while (!atEnd() && Character.isDigit(peek()) && i - from < 4) v = v * 10 + (next() - '0');
            return i == from ? null : v;
        }

        Rule rule() {
            if (atEnd()) return null;
            char kind = 'D';
            int month = 0;
            int week = 0;
            int day;
            if (peek() == 'J' || peek() == 'M') kind = next();
            if (kind == 'M') {
                Integer m = number();
                if (m == null || atEnd() || next() != '.') return null;
                Integer w = number();
                if (w == null || atEnd() || next() != '.') return null;
                Integer d = number();
                if (d == null || m < 1 || m > 12 || w < 1 || w > 5 || d > 6) return null;
                month = m;
                week = w;
                day = d;
            } else {
                Integer d = number();
                if (d == null) return null;
                day = d;
            }
            int secs = 7200;
            if (!atEnd() && peek() == '/') {
                i++;
                Integer t = time();
                if (t == null) return null;
                secs = t;
            }
            return new Rule(kind, month, week, day, secs);
        }
    }
}
