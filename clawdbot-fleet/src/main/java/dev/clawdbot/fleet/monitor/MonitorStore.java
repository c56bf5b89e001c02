package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Check history and incidents in {@code fleet_monitor_checks} and {@code fleet_monitor_incidents}. */
public final class MonitorStore {
    private final Database db;

    public MonitorStore(Database db) {
        this.db = db;
    }

    /** Stores a check outside maintenance. */
    public void record(String monitor, CheckResult r) {
        record(monitor, r, false);
    }

    void record(String monitor, CheckResult r, boolean maintenance) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fleet_monitor_checks (monitor, checked_at, up, latency_ms, cause, maintenance) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, monitor);
                ps.setLong(2, r.time().toEpochMilli());
                ps.setInt(3, r.up() ? 1 : 0);
                ps.setLong(4, r.latency().toMillis());
                ps.setString(5, r.cause());
                ps.setInt(6, maintenance ? 1 : 0);
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

    /** Uptime over the four windows ending at {@code now}. */
    public Uptime uptime(String monitor, Instant now) {
        return new Uptime(percentUp(monitor, now, Duration.ofDays(1)), percentUp(monitor, now, Duration.ofDays(7)),
                percentUp(monitor, now, Duration.ofDays(30)), percentUp(monitor, now, Duration.ofDays(365)));
    }

    /**
     * Percent of checks in (now - window, now] outside maintenance that passed, raw checks and hourly buckets
     * together (a bucket counts when its hour starts inside the window); null when there were none.
     */
    Double percentUp(String monitor, Instant now, Duration window) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(up), 0) FROM fleet_monitor_checks"
                    + " WHERE monitor = ? AND checked_at > ? AND checked_at <= ? AND maintenance = 0"
                    + " UNION ALL SELECT COALESCE(SUM(checks), 0), COALESCE(SUM(ups), 0) FROM fleet_monitor_hourly"
                    + " WHERE monitor = ? AND hour_start > ? AND hour_start <= ?")) {
                for (int base : new int[]{0, 3}) {
                    ps.setString(base + 1, monitor);
                    ps.setLong(base + 2, now.minus(window).toEpochMilli());
                    ps.setLong(base + 3, now.toEpochMilli());
                }
                long total = 0;
                long ups = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        total += rs.getLong(1);
                        ups += rs.getLong(2);
                    }
                }
                return total == 0 ? null : 100.0 * ups / total;
            }
        });
    }

    /** A stored check. */
    public record Check(Instant time, boolean up, long latencyMs, String cause, boolean maintenance) { }

    /** The monitor's latest raw checks, newest first. */
    public List<Check> recent(String monitor, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT checked_at, up, latency_ms, cause, maintenance"
                    + " FROM fleet_monitor_checks WHERE monitor = ? ORDER BY checked_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, monitor);
                ps.setInt(2, limit);
                List<Check> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Check(Instant.ofEpochMilli(rs.getLong(1)), rs.getInt(2) != 0, rs.getLong(3), rs.getString(4), rs.getInt(5) != 0));
                    }
                }
                return out;
            }
        });
    }

    /** Raw checks are kept this long; older ones are folded into hourly buckets. */
    static final Duration RAW_KEPT = Duration.ofDays(7);

    /**
     * Folds the checks before the hour boundary at or before {@code now - 7 days} into {@code fleet_monitor_hourly}
     * (adding to a bucket that exists) and deletes them, in one transaction; returns how many checks were folded.
     * Maintenance checks are deleted without counting, as uptime leaves them out anyway.
     */
    public int downsample(Instant now) {
        long cutoff = now.minus(RAW_KEPT).toEpochMilli();
        long hour = Duration.ofHours(1).toMillis(); // 3600000, as in the SQL: PostgreSQL groups by the same literal
        long boundary = cutoff - Math.floorMod(cutoff, hour);
        return db.inTransaction(c -> {
            try (PreparedStatement fold = c.prepareStatement("INSERT INTO fleet_monitor_hourly"
                    + " (monitor, hour_start, checks, ups, latency_sum_ms, latency_max_ms)"
                    + " SELECT monitor, checked_at - (checked_at % 3600000), COUNT(*), SUM(up), SUM(latency_ms), MAX(latency_ms)"
                    + " FROM fleet_monitor_checks WHERE checked_at < ? AND maintenance = 0"
                    + " GROUP BY monitor, checked_at - (checked_at % 3600000)"
                    + " ON CONFLICT (monitor, hour_start) DO UPDATE SET checks = fleet_monitor_hourly.checks + excluded.checks,"
                    + " ups = fleet_monitor_hourly.ups + excluded.ups,"
                    + " latency_sum_ms = fleet_monitor_hourly.latency_sum_ms + excluded.latency_sum_ms,"
                    + " latency_max_ms = CASE WHEN excluded.latency_max_ms > fleet_monitor_hourly.latency_max_ms"
                    + " THEN excluded.latency_max_ms ELSE fleet_monitor_hourly.latency_max_ms END");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM fleet_monitor_checks WHERE checked_at < ?")) {
                fold.setLong(1, boundary);
                fold.executeUpdate();
                delete.setLong(1, boundary);
                return delete.executeUpdate();
            }
        });
    }

    /** One hour of folded history. */
    public record Bucket(Instant hour, long checks, long ups, long avgLatencyMs, long maxLatencyMs) { }

    /** The monitor's hourly buckets starting in [from, to), oldest first. */
    public List<Bucket> buckets(String monitor, Instant from, Instant to) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hour_start, checks, ups, latency_sum_ms, latency_max_ms"
                    + " FROM fleet_monitor_hourly WHERE monitor = ? AND hour_start >= ? AND hour_start < ? ORDER BY hour_start")) {
                ps.setString(1, monitor);
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                List<Bucket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(2);
                        out.add(new Bucket(Instant.ofEpochMilli(rs.getLong(1)), n, rs.getLong(3), n == 0 ? 0 : rs.getLong(4) / n, rs.getLong(5)));
                    }
                }
                return out;
            }
        });
    }
}
