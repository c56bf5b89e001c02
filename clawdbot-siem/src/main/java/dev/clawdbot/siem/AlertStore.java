package dev.clawdbot.siem;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code siem_alerts} and {@code siem_offsets} tables. */
public final class AlertStore {

    /** One stored alert: its time, rule, level and the Wazuh-shaped JSON. */
    public record StoredAlert(Instant time, int ruleId, int level, String srcip, String description, String json) {
    }

    private final Database db;
    private final JdbcRunner jdbc;

    public AlertStore(Database db) {
        this.db = db;
        this.jdbc = new JdbcRunner(db);
    }

    /** The database these tables live in, for the other siem tables (active response). */
    public Database database() {
        return db;
    }

    public void insert(StoredAlert a) {
        jdbc.write("INSERT INTO siem_alerts (time_ms, rule_id, level, srcip, description, alert_json) VALUES (?, ?, ?, ?, ?, ?)",
                a.time().toEpochMilli(), a.ruleId(), a.level(), a.srcip(), a.description(), a.json());
    }

    /** Alerts at or after {@code since} with at least {@code minLevel}, oldest first, at most {@code limit}. */
    public List<StoredAlert> query(Instant since, int minLevel, int limit) {
        return jdbc.query("SELECT time_ms, rule_id, level, srcip, description, alert_json FROM siem_alerts"
                        + " WHERE time_ms >= ? AND level >= ? ORDER BY time_ms, id LIMIT ?",
                rs -> new StoredAlert(Instant.ofEpochMilli(rs.getLong(1)), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6)),
                since.toEpochMilli(), minLevel, limit);
    }

    Map<String, FileFollower.Position> offsets() {
        Map<String, FileFollower.Position> out = new HashMap<>();
        jdbc.query("SELECT path, inode, file_offset FROM siem_offsets",
                rs -> out.put(rs.getString(1), new FileFollower.Position(rs.getString(2), rs.getLong(3))));
        return out;
    }

    void saveOffsets(Map<String, FileFollower.Position> positions) {
        if (positions.isEmpty()) return;
        jdbc.inTransaction(tx -> {
            for (Map.Entry<String, FileFollower.Position> e : positions.entrySet()) {
                if (tx.execute("UPDATE siem_offsets SET inode = ?, file_offset = ? WHERE path = ?", e.getValue().inode(), e.getValue().offset(), e.getKey()) > 0) {
                    continue;
                }
                tx.execute("INSERT INTO siem_offsets (path, inode, file_offset) VALUES (?, ?, ?)", e.getKey(), e.getValue().inode(), e.getValue().offset());
            }
            return null;
        });
    }
}
