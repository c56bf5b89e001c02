package dev.clawdbot.channels.mail;

import dev.clawdbot.channels.MailConfig;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/** A daily window in a named zone (e.g. 22:00–07:00 Europe/Amsterdam), possibly spanning midnight; DST follows the zone. */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    public static QuietHours of(MailConfig c) {
        return c.quietStart() == null ? null : new QuietHours(LocalTime.parse(c.quietStart()), LocalTime.parse(c.quietEnd()), c.zone());
    }

    public boolean isQuiet(Instant at) {
        LocalTime t = at.atZone(zone).toLocalTime();
        if (start.equals(end)) return false;
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }
}
