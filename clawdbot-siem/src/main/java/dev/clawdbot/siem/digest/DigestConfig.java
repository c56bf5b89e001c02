package dev.clawdbot.siem.digest;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * {@code siem.digest:} — the daily security digest sent to the operator.
 *
 * @param enabled send it (default true)
 * @param at      local time of day it is sent, {@code HH:MM} (default 07:00); a digest missed while Clawdbot was down
 *                is sent once at the next start
 */
public record DigestConfig(Boolean enabled, String at) {

    public DigestConfig {
        enabled = enabled == null || enabled;
        at = at == null ? "07:00" : at;
        time(at);
    }

    public static DigestConfig defaults() {
        return new DigestConfig(null, null);
    }

    public LocalTime time() {
        return time(at);
    }

    /** {@link #at} as a systemd calendar event, every day at that local time ({@code *-*-* 07:00:00}), for the ops scheduler. */
    public String calendar() {
        return "*-*-* " + at + ":00";
    }

    private static LocalTime time(String at) {
        try {
            if (at.length() != 5) throw new DateTimeParseException("not HH:MM", at, 0);
            return LocalTime.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("siem.digest.at: '" + at + "' is not a time of day as HH:MM, such as 07:00");
        }
    }
}
