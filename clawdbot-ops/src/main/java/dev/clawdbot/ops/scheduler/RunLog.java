package dev.clawdbot.ops.scheduler;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code ops_job_runs} table: every run's start, end, outcome and findings (one finding per line). */
public final class RunLog {
    private final JdbcRunner jdbc;

    public RunLog(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    /** Records a started run and returns its id; runs of the same elapse left RUNNING by a dead node become ABANDONED. */
    long start(String job, Instant scheduledFor, Instant started, String trigger, String node) {
        return jdbc.inTransaction(tx -> {
            tx.execute("UPDATE ops_job_runs SET outcome = ?, ended_at = ? WHERE job = ? AND scheduled_for = ? AND outcome = ?",
                    RunOutcome.ABANDONED.name(), started.toEpochMilli(), job, scheduledFor.toEpochMilli(), RunOutcome.RUNNING.name());
            return tx.insert("INSERT INTO ops_job_runs (job, scheduled_for, started_at, outcome, trigger_kind, node, findings) VALUES (?, ?, ?, ?, ?, ?, '')",
                    job, scheduledFor.toEpochMilli(), started.toEpochMilli(), RunOutcome.RUNNING.name(), trigger, node);
        });
    }

    void finish(long id, Instant ended, RunOutcome outcome, List<String> findings) {
        jdbc.write("UPDATE ops_job_runs SET ended_at = ?, outcome = ?, findings = ? WHERE id = ?",
                ended.toEpochMilli(), outcome.name(), String.join("\n", findings), id);
    }

    /**
     * Marks the runs of {@code node} still RUNNING (of {@code job}, or of every job when null) as ABANDONED with
     * {@code why}: the process that ran them is gone. Returns how many.
     */
    int abandon(String job, String node, Instant at, String why) {
        String sql = "UPDATE ops_job_runs SET outcome = ?, ended_at = ?, findings = ? WHERE node = ? AND outcome = ?" + (job == null ? "" : " AND job = ?");
        List<Object> args = new ArrayList<>(Arrays.asList(RunOutcome.ABANDONED.name(), at.toEpochMilli(), why, node, RunOutcome.RUNNING.name()));
        if (job != null) args.add(job);
        return jdbc.write(sql, args.toArray());
    }

    /** Records a run that was not started (overlap, missed). */
    void skipped(String job, Instant scheduledFor, Instant at, String trigger, String node, RunOutcome outcome, String why) {
        long id = start(job, scheduledFor, at, trigger, node);
        finish(id, at, outcome, List.of(why));
    }

    /** The newest runs first, of one job or (job null) of all. */
    public List<RunRecord> recent(String job, int limit) {
        String sql = "SELECT id, job, scheduled_for, started_at, ended_at, outcome, trigger_kind, node, findings FROM ops_job_runs"
                + (job == null ? "" : " WHERE job = ?") + " ORDER BY started_at DESC, id DESC LIMIT ?";
        JdbcRunner.RowMapper<RunRecord> row = rs -> {
            long ended = rs.getLong(5);
            boolean noEnd = rs.wasNull();
            String findings = rs.getString(9);
            return new RunRecord(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                    Instant.ofEpochMilli(rs.getLong(4)), noEnd ? null : Instant.ofEpochMilli(ended),
                    RunOutcome.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8),
                    findings.isEmpty() ? List.of() : Arrays.asList(findings.split("\n")));
        };
        return job == null ? jdbc.query(sql, row, limit) : jdbc.query(sql, row, job, limit);
    }
}
