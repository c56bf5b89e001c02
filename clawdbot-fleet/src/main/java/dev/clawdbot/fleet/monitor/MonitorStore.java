package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Check history and incidents in {@code fleet_monitor_checks} and {@code fleet_monitor_incidents}. */
final class MonitorStore {
    private final Database db;

    public MonitorStore(Database db) {
        this.db = db;
    }

    void record(String monitor, CheckResult r) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_monitor_checks (monitor, checked_at, up, latency_ms, cause) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, monitor);
                ps.setLong(2, r.time().toEpochMilli());
                ps.setInt(3, r.up() ? 1 : 0);
                ps.setLong(4, r.latency().toMillis());
                ps.setString(5, r.cause());
                return ps.executeUpdate();
            }
        });
    }

    void openIncident(String monitor, Instant start, String cause) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_monitor_incidents (monitor, started_at, cause) VALUES (?, ?, ?)")) {
                ps.setString(1, monitor);
                ps.setLong(2, start.toEpochMilli());
                ps.setString(3, cause);
                return ps.executeUpdate();
            }
        });
    }

    void closeIncident(String monitor, Instant end) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE fleet_monitor_incidents SET ended_at = ? WHERE monitor = ? AND ended_at IS NULL")) {
                ps.setLong(1, end.toEpochMilli());
                ps.setString(2, monitor);
                return ps.executeUpdate();
            }
        });
    }

    /** The monitor's incidents, oldest first. */
    public List<Incident> incidents(String monitor) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT started_at, ended_at, cause FROM fleet_monitor_incidents WHERE monitor = ? ORDER BY started_at, id")) {
                ps.setString(1, monitor);
                List<Incident> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant start = Instant.ofEpochMilli(rs.getLong(1));
                        long endMillis = rs.getLong(2);
                        Instant end = rs.wasNull() ? null : Instant.ofEpochMilli(endMillis);
                        out.add(new Incident(monitor, start, end, rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    /** Uptime over the three windows ending at {@code now}. */
    public Uptime uptime(String monitor, Instant now) {
        return new Uptime(percentUp(monitor, now, Duration.ofDays(1)), percentUp(monitor, now, Duration.ofDays(7)),
                percentUp(monitor, now, Duration.ofDays(30)));
    }

    /** Percent of checks in (now - window, now] that passed; null when there were none. */
    Double percentUp(String monitor, Instant now, Duration window) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(up), 0) FROM fleet_monitor_checks"
                    + " WHERE monitor = ? AND checked_at > ? AND checked_at <= ?")) {
                ps.setString(1, monitor);
                ps.setLong(2, now.minus(window).toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long total = rs.getLong(1);
                    return total == 0 ? null : 100.0 * rs.getLong(2) / total;
                }
            }
        });
    }
}
