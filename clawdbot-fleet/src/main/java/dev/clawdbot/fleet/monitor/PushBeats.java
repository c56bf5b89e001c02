package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Instant;
import java.util.List;

/**
 * Heartbeats kept in {@code fleet_monitor_push_beats}: written by a gateway whose process has no monitor role, read
 * by the monitor role in another process on the same database. One row per monitor, so the table stays as small
 * as the number of PUSH monitors however often they beat.
 */
final class PushBeats {
    private final JdbcRunner jdbc;

    PushBeats(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    /** Records a heartbeat of {@code monitor} at {@code at}, replacing the one before (an older time never wins). */
    void beat(String monitor, Instant at) {
        long ms = at.toEpochMilli();
        jdbc.write("INSERT INTO fleet_monitor_push_beats (monitor, beat_at) VALUES (?, ?) ON CONFLICT (monitor) DO UPDATE"
                + " SET beat_at = CASE WHEN excluded.beat_at > fleet_monitor_push_beats.beat_at THEN excluded.beat_at"
                + " ELSE fleet_monitor_push_beats.beat_at END", monitor, ms);
    }

    /** The monitor's last stored heartbeat, or null. */
    Instant last(String monitor) {
        List<Long> at = jdbc.query("SELECT beat_at FROM fleet_monitor_push_beats WHERE monitor = ?", rs -> rs.getLong(1), monitor);
        return at.isEmpty() ? null : Instant.ofEpochMilli(at.getFirst());
    }
}
