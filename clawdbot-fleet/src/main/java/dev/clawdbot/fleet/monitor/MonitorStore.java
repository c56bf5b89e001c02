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

    /** Stores a check outside maintenance. */
    public void record(String monitor, CheckResult r) {
        record(monitor, r, false);
    }

    void record(String monitor, CheckResult r, boolean maintenance) {
        jdbc.write("INSERT INTO fleet_monitor_checks (monitor, checked_at, up, latency_ms, cause, maintenance) VALUES (?, ?, ?, ?, ?, ?)",
                monitor, r.time().toEpochMilli(), r.up(), r.latency().toMillis(), r.cause(), maintenance);
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
        long from = now.minus(window).toEpochMilli();
        long to = now.toEpochMilli();
        List<long[]> parts = jdbc.query("SELECT COUNT(*), COALESCE(SUM(up), 0) FROM fleet_monitor_checks"
                        + " WHERE monitor = ? AND checked_at > ? AND checked_at <= ? AND maintenance = 0"
                        + " UNION ALL SELECT COALESCE(SUM(checks), 0), COALESCE(SUM(ups), 0) FROM fleet_monitor_hourly"
                        + " WHERE monitor = ? AND hour_start > ? AND hour_start <= ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, monitor, from, to, monitor, from, to);
        long total = 0;
        long ups = 0;
        for (long[] p : parts) {
            total += p[0];
            ups += p[1];
        }
        return total == 0 ? null : 100.0 * ups / total;
    }

    /**
     * The monitor's state as the role left it in the database, for a process without the role: DOWN while an
     * incident is open, MAINTENANCE when the latest check fell in a window, UP after any other check, PENDING
     * before the first.
     */
    public MonitorState settled(String monitor) {
        boolean open = !jdbc.query("SELECT 1 FROM fleet_monitor_incidents WHERE monitor = ? AND ended_at IS NULL LIMIT 1",
                rs -> rs.getInt(1), monitor).isEmpty();
        if (open) return MonitorState.DOWN;
        List<Check> latest = recent(monitor, 1);
        if (latest.isEmpty()) return MonitorState.PENDING;
        return latest.getFirst().maintenance() ? MonitorState.MAINTENANCE : MonitorState.UP;
    }

    /** A stored check. */
    public record Check(Instant time, boolean up, long latencyMs, String cause, boolean maintenance) { }

    /** The monitor's latest raw checks, newest first. */
    public List<Check> recent(String monitor, int limit) {
        return jdbc.query("SELECT checked_at, up, latency_ms, cause, maintenance FROM fleet_monitor_checks WHERE monitor = ?"
                        + " ORDER BY checked_at DESC, id DESC LIMIT ?",
                rs -> new Check(Instant.ofEpochMilli(rs.getLong(1)), rs.getInt(2) != 0, rs.getLong(3), rs.getString(4), rs.getInt(5) != 0),
                monitor, limit);
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
        return jdbc.inTransaction(tx -> {
            tx.execute("INSERT INTO fleet_monitor_hourly (monitor, hour_start, checks, ups, latency_sum_ms, latency_max_ms)"
                    + " SELECT monitor, checked_at - (checked_at % 3600000), COUNT(*), SUM(up), SUM(latency_ms), MAX(latency_ms)"
                    + " FROM fleet_monitor_checks WHERE checked_at < ? AND maintenance = 0"
                    + " GROUP BY monitor, checked_at - (checked_at % 3600000)"
                    + " ON CONFLICT (monitor, hour_start) DO UPDATE SET checks = fleet_monitor_hourly.checks + excluded.checks,"
                    + " ups = fleet_monitor_hourly.ups + excluded.ups,"
                    + " latency_sum_ms = fleet_monitor_hourly.latency_sum_ms + excluded.latency_sum_ms,"
                    + " latency_max_ms = CASE WHEN excluded.latency_max_ms > fleet_monitor_hourly.latency_max_ms"
                    + " THEN excluded.latency_max_ms ELSE fleet_monitor_hourly.latency_max_ms END", boundary);
            return tx.execute("DELETE FROM fleet_monitor_checks WHERE checked_at < ?", boundary);
        });
    }

    /** One hour of folded history. */
    public record Bucket(Instant hour, long checks, long ups, long avgLatencyMs, long maxLatencyMs) { }

    /** The monitor's hourly buckets starting in [from, to), oldest first. */
    public List<Bucket> buckets(String monitor, Instant from, Instant to) {
        return jdbc.query("SELECT hour_start, checks, ups, latency_sum_ms, latency_max_ms FROM fleet_monitor_hourly"
                        + " WHERE monitor = ? AND hour_start >= ? AND hour_start < ? ORDER BY hour_start",
                rs -> {
                    long n = rs.getLong(2);
                    return new Bucket(Instant.ofEpochMilli(rs.getLong(1)), n, rs.getLong(3), n == 0 ? 0 : rs.getLong(4) / n, rs.getLong(5));
                }, monitor, from.toEpochMilli(), to.toEpochMilli());
    }
}
