package dev.clawdbot.ops.secrets;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** The {@code ops_secret_rotations} and {@code ops_secret_reminders} tables. */
public final class RotationStore {
    /** Where a last-rotated time came from. */
    public enum Source { OPERATOR, FIRST_SEEN }

    /** When a secret was last rotated (or first seen). */
    public record Rotation(Instant at, Source source) {
    }

    private final Database db;

    public RotationStore(Database db) {
        this.db = db;
    }

    /** Every recorded rotation by secret name. */
    public Map<String, Rotation> all() {
        return db.withConnection(c -> {
            Map<String, Rotation> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, rotated_at, source FROM ops_secret_rotations");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Rotation(Instant.ofEpochMilli(rs.getLong(2)), Source.valueOf(rs.getString(3))));
                }
            }
            return out;
        });
    }

    /** Starts tracking {@code name} at {@code at} unless it already has a record. */
    void firstSeen(String name, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ops_secret_rotations (name, rotated_at, source) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, Source.FIRST_SEEN.name());
                return ps.executeUpdate();
            }
        });
    }

    /** Records that the operator rotated {@code name} at {@code at}, restarting its cadence. */
    public void rotated(String name, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ops_secret_rotations (name, rotated_at, source) VALUES (?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET rotated_at = excluded.rotated_at, source = excluded.source")) {
                ps.setString(1, name);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, Source.OPERATOR.name());
                return ps.executeUpdate();
            }
        });
    }

    /** Claims one reminder step; true only the first time for this secret, due date and step (so it is sent once). */
    boolean claimReminder(String name, LocalDate due, String step, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ops_secret_reminders (name, due_date, step, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, due.toString());
                ps.setString(3, step);
                ps.setLong(4, at.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }
}
