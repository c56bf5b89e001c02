package dev.clawdbot.ops.secrets;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

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

    private final JdbcRunner jdbc;

    public RotationStore(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    /** Every recorded rotation by secret name. */
    public Map<String, Rotation> all() {
        Map<String, Rotation> out = new HashMap<>();
        jdbc.query("SELECT name, rotated_at, source FROM ops_secret_rotations",
                rs -> out.put(rs.getString(1), new Rotation(Instant.ofEpochMilli(rs.getLong(2)), Source.valueOf(rs.getString(3)))));
        return out;
    }

    /** Starts tracking {@code name} at {@code at} unless it already has a record. */
    void firstSeen(String name, Instant at) {
        jdbc.write("INSERT INTO ops_secret_rotations (name, rotated_at, source) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                name, at.toEpochMilli(), Source.FIRST_SEEN.name());
    }

    /** Records that the operator rotated {@code name} at {@code at}, restarting its cadence. */
    public void rotated(String name, Instant at) {
        jdbc.write("INSERT INTO ops_secret_rotations (name, rotated_at, source) VALUES (?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET rotated_at = excluded.rotated_at, source = excluded.source", name, at.toEpochMilli(), Source.OPERATOR.name());
    }

    /** Claims one reminder step; true only the first time for this secret, due date and step (so it is sent once). */
    boolean claimReminder(String name, LocalDate due, String step, Instant at) {
        return jdbc.write("INSERT INTO ops_secret_reminders (name, due_date, step, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                name, due.toString(), step, at.toEpochMilli()) == 1;
    }
}
