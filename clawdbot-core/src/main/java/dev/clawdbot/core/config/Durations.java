package dev.clawdbot.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them in config: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms}, {@code 2d}, or ISO-8601 {@code PT30S}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,12}(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the accepted forms when {@code text} is none of them */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!s.isEmpty() && (s.charAt(0) == 'P' || s.charAt(0) == 'p' || s.startsWith("-P") || s.startsWith("-p"))) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw invalid();
            }
        }
        if (!WHOLE.matcher(s).matches()) throw invalid();
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }

    static final String FORMS = "a duration such as 30s, 5m, 1h, 250ms, 2d, 1h30m or ISO-8601 PT30S";

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("expected " + FORMS);
    }
}
