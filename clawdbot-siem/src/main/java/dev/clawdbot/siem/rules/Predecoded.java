package dev.clawdbot.siem.rules;

/**
 * What Wazuh's pre-decoding takes from a syslog header before any decoder runs: the timestamp text, the
 * host name, the program name, and the message after them ({@code log}, which decoders and {@code match}
 * see). Lines without a recognised header keep the whole line as {@code log} and nulls elsewhere.
 *
 * <p>Recognised: {@code Dec  7 19:44:38 host prog[123]: msg} (BSD syslog) and
 * {@code 2026-12-07T19:44:38.123+00:00 host prog[123]: msg} (RFC 3339, as rsyslog and journald write);
 * the {@code [pid]} part is optional.
 */
record Predecoded(String timestamp, String hostname, String programName, String log) {

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    static Predecoded of(String line) {
        int afterTime = bsdTimestampEnd(line);
        if (afterTime < 0) afterTime = isoTimestampEnd(line);
        if (afterTime < 0 || afterTime >= line.length() || line.charAt(afterTime) != ' ') return new Predecoded(null, null, null, line);
        String timestamp = line.substring(0, afterTime);
        int hostStart = afterTime + 1;
        int hostEnd = line.indexOf(' ', hostStart);
        if (hostEnd <= hostStart) return new Predecoded(null, null, null, line);
        String host = line.substring(hostStart, hostEnd);
        int progStart = hostEnd + 1;
        int i = progStart;
        while (i < line.length() && programChar(line.charAt(i))) i++;
        if (i == progStart || i >= line.length()) return new Predecoded(timestamp, host, null, line.substring(progStart));
        String program = line.substring(progStart, i);
        if (line.charAt(i) == '[') {
            int close = line.indexOf(']', i);
            if (close < 0) return new Predecoded(timestamp, host, null, line.substring(progStart));
            for (int k = i + 1; k < close; k++) {
                if (!Character.isDigit(line.charAt(k))) return new Predecoded(timestamp, host, null, line.substring(progStart));
            }
            i = close + 1;
        }
        if (i >= line.length() || line.charAt(i) != ':') return new Predecoded(timestamp, host, null, line.substring(progStart));
        i++;
        if (i < line.length() && line.charAt(i) == ' ') i++;
        return new Predecoded(timestamp, host, program, line.substring(i));
    }

    private static boolean programChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == '@';
    }

    /** {@code Mmm [ d]d hh:mm:ss}: the index after it, or -1. */
    private static int bsdTimestampEnd(String s) {
        if (s.length() < 15) return -1;
        if (s.charAt(3) != ' ' || !isMonth(s)) return -1;
        int i = 4;
        if (s.charAt(i) == ' ') i++;
        int d = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == d || i - d > 2 || i >= s.length() || s.charAt(i) != ' ') return -1;
        i++;
        return clockEnd(s, i);
    }

    /** Whether {@code s} starts with a month's abbreviation (compared in place: two substrings per line showed in profiles). */
    private static boolean isMonth(String s) {
        for (int m = 0; m < MONTHS.length(); m += 3) if (s.regionMatches(0, MONTHS, m, 3)) return true;
        return false;
    }

    private static int clockEnd(String s, int i) {
        if (i + 8 > s.length()) return -1;
        for (int k = 0; k < 8; k++) {
            char c = s.charAt(i + k);
            boolean colon = k == 2 || k == 5;
            if (colon ? c != ':' : !Character.isDigit(c)) return -1;
        }
        return i + 8;
    }

    /** {@code yyyy-mm-ddThh:mm:ss[.frac][Z|+hh:mm]}: the index after it, or -1. */
    private static int isoTimestampEnd(String s) {
        if (s.length() < 20) return -1;
        for (int k = 0; k < 10; k++) {
            char c = s.charAt(k);
            if (k == 4 || k == 7 ? c != '-' : !Character.isDigit(c)) return -1;
        }
        if (s.charAt(10) != 'T') return -1;
        int i = clockEnd(s, 11);
        if (i < 0) return -1;
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        }
        if (i < s.length() && s.charAt(i) == 'Z') return i + 1;
        if (i + 6 <= s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') return i + 6;
        return i;
    }
}
