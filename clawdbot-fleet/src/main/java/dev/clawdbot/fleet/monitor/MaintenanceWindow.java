package dev.clawdbot.fleet.monitor;

import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.CalendarSyntaxException;
import dev.clawdbot.ops.calendar.ZoneInfo;

import java.time.Duration;
import java.util.List;

/**
 * {@code monitors.maintenance[]:} — a recurring maintenance window: it begins at each elapse of {@code calendar}
 * (the ops engine's systemd calendar syntax, e.g. {@code Sun *-*-* 02:00:00}) and lasts {@code duration}.
 * Monitors keep checking inside it, send nothing, show MAINTENANCE and leave those checks out of uptime.
 *
 * @param name     unique among windows
 * @param calendar when it begins
 * @param duration how long it lasts (at least 1 minute)
 * @param monitors the monitors it covers; empty: all
 */
public record MaintenanceWindow(String name, String calendar, Duration duration, List<String> monitors) {
    public MaintenanceWindow {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("monitors.maintenance: name missing");
        String at = "monitors.maintenance." + name + ".";
        if (calendar == null) throw new IllegalArgumentException(at + "calendar: missing");
        try {
            new CalendarAnalyzer(ZoneInfo.utc()).parse(calendar);
        } catch (CalendarSyntaxException e) {
            throw new IllegalArgumentException(at + "calendar: " + e.getMessage());
        }
        if (duration == null || duration.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(at + "duration: need at least PT1M, was " + duration);
        }
        monitors = monitors == null ? List.of() : List.copyOf(monitors);
    }

    boolean covers(String monitor) {
        return monitors.isEmpty() || monitors.contains(monitor);
    }
}
