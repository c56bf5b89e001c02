package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Check history and incidents in {@code fleet_monitor_checks} and {@code fleet_monitor_incidents}. */
public final class MonitorStore {
    private final JdbcRunner jdbc;

    public MonitorStore(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    void record(String monitor, CheckResult r) {
        jdbc.write("INSERT INTO fleet_monitor_checks (monitor, checked_at, up, latency_ms, cause) VALUES (?, ?, ?, ?, ?)",
                monitor, r.time().toEpochMilli(), r.up(), r.latency().toMillis(), r.cause());
    }

    void openIncident(String monitor, Instant start, String cause) {
        jdbc.write("INSERT INTO fleet_monitor_incidents (monitor, started_at, cause) VALUES (?, ?, ?)", monitor, start.toEpochMilli(), cause);
    }

    void closeIncident(String monitor, Instant end) {
        jdbc.write("UPDATE fleet_monitor_incidents SET ended_at = ? WHERE monitor = ? AND ended_at IS NULL", end.toEpochMilli(), monitor);
    }

    /** The monitor's incidents, oldest first. */
    public List<Incident> incidents(String monitor) {
        return jdbc.query("SELECT started_at, ended_at, cause FROM fleet_monitor_incidents WHERE monitor = ? ORDER BY started_at, id", rs -> {
            Instant start = Instant.ofEpochMilli(rs.getLong(1));
            long endMillis = rs.getLong(2);
            Instant end = rs.wasNull() ? null : Instant.ofEpochMilli(endMillis);
            return new Incident(monitor, start, end, rs.getString(3));
        }, monitor);
    }

    /** Uptime over the three windows ending at {@code now}. */
    public Uptime uptime(String monitor, Instant now) {
        return new Uptime(percentUp(monitor, now, Duration.ofDays(1)), percentUp(monitor, now, Duration.ofDays(7)),
                percentUp(monitor, now, Duration.ofDays(30)));
    }

    /** Percent of checks in (now - window, now] that passed; null when there were none. */
    Double percentUp(String monitor, Instant now, Duration window) {
        return jdbc.queryOne("SELECT COUNT(*), COALESCE(SUM(up), 0) FROM fleet_monitor_checks WHERE monitor = ? AND checked_at > ? AND checked_at <= ?",
                rs -> {
                    long total = rs.getLong(1);
                    return total == 0 ? null : 100.0 * rs.getLong(2) / total;
                }, monitor, now.minus(window).toEpochMilli(), now.toEpochMilli()).orElse(null);
    }
}
