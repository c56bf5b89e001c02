package dev.clawdbot.ops.scheduler;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code ops_job_runs} table: every run's start, end, outcome and findings (one finding per line). */
public final class RunLog {
    private final Database db;

    public RunLog(Database db) {
        this.db = db;
    }

    /** Records a started run and returns its id; runs of the same elapse left RUNNING by a dead node become ABANDONED. */
    long start(String job, Instant scheduledFor, Instant started, String trigger, String node) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ops_job_runs SET outcome = ?, ended_at = ? WHERE job = ? AND scheduled_for = ? AND outcome = ?")) {
                ps.setString(1, RunOutcome.ABANDONED.name());
                ps.setLong(2, started.toEpochMilli());
                ps.setString(3, job);
                ps.setLong(4, scheduledFor.toEpochMilli());
                ps.setString(5, RunOutcome.RUNNING.name());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ops_job_runs (job, scheduled_for, started_at, outcome, trigger_kind, node, findings) VALUES (?, ?, ?, ?, ?, ?, '')",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, job);
                ps.setLong(2, scheduledFor.toEpochMilli());
                ps.setLong(3, started.toEpochMilli());
                ps.setString(4, RunOutcome.RUNNING.name());
                ps.setString(5, trigger);
                ps.setString(6, node);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    void finish(long id, Instant ended, RunOutcome outcome, List<String> findings) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ops_job_runs SET ended_at = ?, outcome = ?, findings = ? WHERE id = ?")) {
                ps.setLong(1, ended.toEpochMilli());
                ps.setString(2, outcome.name());
                ps.setString(3, String.join("\n", findings));
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Marks the runs of {@code node} still RUNNING (of {@code job}, or of every job when null) as ABANDONED with
     * {@code why}: the process that ran them is gone. Returns how many.
     */
    int abandon(String job, String node, Instant at, String why) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ops_job_runs SET outcome = ?, ended_at = ?, findings = ? "
                    + "WHERE node = ? AND outcome = ?" + (job == null ? "" : " AND job = ?"))) {
                ps.setString(1, RunOutcome.ABANDONED.name());
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, why);
                ps.setString(4, node);
                ps.setString(5, RunOutcome.RUNNING.name());
                if (job != null) ps.setString(6, job);
                return ps.executeUpdate();
            }
        });
    }

    /** Records a run that was not started (overlap, missed). */
    void skipped(String job, Instant scheduledFor, Instant at, String trigger, String node, RunOutcome outcome, String why) {
        long id = start(job, scheduledFor, at, trigger, node);
        finish(id, at, outcome, List.of(why));
    }

    /** The newest runs first, of one job or (job null) of all. */
    public List<RunRecord> recent(String job, int limit) {
        return db.withConnection(c -> {
            String sql = "SELECT id, job, scheduled_for, started_at, ended_at, outcome, trigger_kind, node, findings FROM ops_job_runs"
                    + (job == null ? "" : " WHERE job = ?") + " ORDER BY started_at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (job != null) ps.setString(i++, job);
                ps.setInt(i, limit);
                List<RunRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long ended = rs.getLong(5);
                        boolean noEnd = rs.wasNull();
                        String findings = rs.getString(9);
                        out.add(new RunRecord(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                                Instant.ofEpochMilli(rs.getLong(4)), noEnd ? null : Instant.ofEpochMilli(ended),
                                RunOutcome.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8),
                                findings.isEmpty() ? List.of() : Arrays.asList(findings.split("\n"))));
                    }
                }
                return out;
            }
        });
    }
}
