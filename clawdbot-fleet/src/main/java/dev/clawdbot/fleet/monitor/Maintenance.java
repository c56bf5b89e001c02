package dev.clawdbot.fleet.monitor;

import dev.clawdbot.ops.calendar.CalendarAnalyzer;
import dev.clawdbot.ops.calendar.CalendarSpec;
import dev.clawdbot.ops.calendar.CalendarSyntaxException;
import dev.clawdbot.ops.calendar.ZoneInfo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

/**
 * Whether a monitor is inside one of its maintenance windows at an instant: t is inside a window when the
 * calendar's first elapse after {@code t - duration} is at or before t — one next-elapse computation per window.
 */
final class Maintenance {
    private record Parsed(MaintenanceWindow window, CalendarSpec spec) { }

    private final CalendarAnalyzer calendar;
    /** Copy-on-write: the API adds and removes windows while monitor threads read them. */
    private final List<Parsed> windows = new java.util.concurrent.CopyOnWriteArrayList<>();

    Maintenance(List<MaintenanceWindow> windows, ZoneInfo zone) {
        this.calendar = new CalendarAnalyzer(zone);
        windows.forEach(this::put);
    }

    /** Adds the window, replacing one of the same name. */
    void put(MaintenanceWindow w) {
        CalendarSpec spec;
        try {
            synchronized (calendar) {
                spec = calendar.parse(w.calendar());
            }
        } catch (CalendarSyntaxException e) {
            throw new IllegalArgumentException("monitors.maintenance." + w.name() + ".calendar: " + e.getMessage(), e);
        }
        remove(w.name());
        windows.add(new Parsed(w, spec));
    }

    boolean remove(String name) {
        return windows.removeIf(p -> p.window().name().equals(name));
    }

    /** The window {@code monitor} is in at {@code t}, or null. */
    MaintenanceWindow active(String monitor, Instant t) {
        for (Parsed p : windows) {
            if (!p.window().covers(monitor)) continue;
            long after = ChronoUnit.MICROS.between(Instant.EPOCH, t.minus(p.window().duration()));
            OptionalLong start;
            synchronized (calendar) { // the C library state it emulates is one per analyzer, like mktime's
                start = calendar.next(p.spec(), after);
            }
            if (start.isPresent() && start.getAsLong() <= ChronoUnit.MICROS.between(Instant.EPOCH, t)) return p.window();
        }
        return null;
    }
}
