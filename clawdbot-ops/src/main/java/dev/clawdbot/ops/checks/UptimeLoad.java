package dev.clawdbot.ops.checks;

import java.time.Duration;
import java.util.List;

/**
 * Uptime and load summary from {@code /proc/uptime} and {@code /proc/loadavg} (no host command). The summary is an
 * INFO finding; a 15-minute load above twice the CPU count is a WARNING (the machine was saturated for a while).
 */
public final class UptimeLoad {
    static final String NAME = "uptime";

    private final int cpus;

    public UptimeLoad(int cpus) {
        if (cpus < 1) throw new IllegalArgumentException("cpus must be at least 1");
        this.cpus = cpus;
    }

    public List<Finding> check(String uptime, String loadavg) {
        String[] u = uptime.strip().split(" ");
        String[] l = loadavg.strip().split(" ");
        double up;
        double l15;
        try {
            up = Double.parseDouble(u[0]);
            for (int i = 0; i < 2; i++) Double.parseDouble(l[i]); // all three must be numbers
            l15 = Double.parseDouble(l[2]);
        } catch (RuntimeException e) {
            return List.of(new Finding(Finding.Severity.INFO, NAME, "", "/proc/uptime or /proc/loadavg unreadable", ""));
        }
        Duration d = Duration.ofSeconds((long) up);
        String summary = "up " + d.toDays() + "d " + d.toHoursPart() + "h " + d.toMinutesPart() + "m, load " + l[0] + " " + l[1] + " " + l[2]
                + " on " + cpus + " CPU" + (cpus == 1 ? "" : "s");
        if (l15 > 2.0 * cpus) {
            return List.of(new Finding(Finding.Severity.WARNING, NAME, "load", summary + ": 15-minute load above twice the CPUs",
                    "find what is busy: top -o %CPU; check runaway sandboxes and containers"));
        }
        return List.of(new Finding(Finding.Severity.INFO, NAME, "", summary, ""));
    }
}
