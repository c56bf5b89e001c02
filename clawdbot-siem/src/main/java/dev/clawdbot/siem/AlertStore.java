package dev.clawdbot.siem;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code siem_alerts} and {@code siem_offsets} tables. */
public final class AlertStore {

    /** One stored alert: its time, rule, level and the Wazuh-shaped JSON. */
    public record StoredAlert(Instant time, int ruleId, int level, String srcip, String description, String json) {
    }

    private final Database db;

    public AlertStore(Database db) {
        this.db = db;
    }

    /** The database these tables live in, for the other siem tables (active response). */
    public Database database() {
        return db;
    }

    public void insert(StoredAlert a) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO siem_alerts (time_ms, rule_id, level, srcip, description, alert_json) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, a.time().toEpochMilli());
                ps.setInt(2, a.ruleId());
                ps.setInt(3, a.level());
                ps.setString(4, a.srcip());
                ps.setString(5, a.description());
                ps.setString(6, a.json());
                return ps.executeUpdate();
            }
        });
    }

    /** Alerts at or after {@code since} with at least {@code minLevel}, oldest first, at most {@code limit}. */
    public List<StoredAlert> query(Instant since, int minLevel, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, rule_id, level, srcip, description, alert_json FROM siem_alerts"
                    + " WHERE time_ms >= ? AND level >= ? ORDER BY time_ms, id LIMIT ?")) {
                ps.setLong(1, since.toEpochMilli());
                ps.setInt(2, minLevel);
                ps.setInt(3, limit);
                List<StoredAlert> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredAlert(Instant.ofEpochMilli(rs.getLong(1)), rs.getInt(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    Map<String, FileFollower.Position> offsets() {
        return db.withConnection(c -> {
            Map<String, FileFollower.Position> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT path, inode, file_offset FROM siem_offsets");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new FileFollower.Position(rs.getString(2), rs.getLong(3)));
            }
            return out;
        });
    }

    void saveOffsets(Map<String, FileFollower.Position> positions) {
        if (positions.isEmpty()) return;
        db.inTransaction(c -> {
            for (Map.Entry<String, FileFollower.Position> e : positions.entrySet()) {
                try (PreparedStatement up = c.prepareStatement("UPDATE siem_offsets SET inode = ?, file_offset = ? WHERE path = ?")) {
                    up.setString(1, e.getValue().inode());
                    up.setLong(2, e.getValue().offset());
                    up.setString(3, e.getKey());
                    if (up.executeUpdate() > 0) continue;
                }
                try (PreparedStatement in = c.prepareStatement("INSERT INTO siem_offsets (path, inode, file_offset) VALUES (?, ?, ?)")) {
                    in.setString(1, e.getKey());
                    in.setString(2, e.getValue().inode());
                    in.setLong(3, e.getValue().offset());
                    in.executeUpdate();
                }
            }
            return null;
        });
    }
}
