package dev.clawdbot.siem.response;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code siem_blocks} and {@code siem_responses} tables. */
public final class BlockStore {

    /** An address's block: the latest one, active or not, with how many offences it has counted. */
    public record Block(String address, int offences, int ruleId, Instant blockedAt, Instant expires, boolean active, boolean dryRun) {
    }

    /** One response taken, as audited. */
    public record Response(Instant time, String action, String address, int ruleId, long timeoutSeconds, int offence,
                           boolean dryRun, String reason) {
    }

    private static final String COLUMNS = "address, offences, rule_id, blocked_ms, expires_ms, active, dry_run";

    private static final JdbcRunner.RowMapper<Block> BLOCK = rs -> new Block(rs.getString(1), rs.getInt(2), rs.getInt(3),
            Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) == 1, rs.getInt(7) == 1);

    private final JdbcRunner jdbc;

    public BlockStore(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    public Optional<Block> find(String address) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM siem_blocks WHERE address = ?", BLOCK, address);
    }

    /** Active blocks, soonest to expire first. */
    public List<Block> active() {
        return jdbc.query("SELECT " + COLUMNS + " FROM siem_blocks WHERE active = 1 ORDER BY expires_ms, address", BLOCK);
    }

    /** Stores {@code b} as the address's block and records {@code r}, in one transaction. */
    void save(Block b, Response r) {
        jdbc.inTransaction(tx -> {
            tx.execute("DELETE FROM siem_blocks WHERE address = ?", b.address());
            tx.execute("INSERT INTO siem_blocks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", b.address(), b.offences(), b.ruleId(),
                    b.blockedAt().toEpochMilli(), b.expires().toEpochMilli(), b.active(), b.dryRun());
            return insert(tx, r);
        });
    }

    void record(Response r) {
        jdbc.inTransaction(tx -> insert(tx, r));
    }

    /** Responses at or after {@code since}, oldest first. */
    public List<Response> responses(Instant since) {
        return jdbc.query("SELECT time_ms, action, address, rule_id, timeout_s, offence, dry_run, reason FROM siem_responses WHERE time_ms >= ?"
                        + " ORDER BY time_ms, id",
                rs -> new Response(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5), rs.getInt(6),
                        rs.getInt(7) == 1, rs.getString(8)), since.toEpochMilli());
    }

    private static int insert(JdbcRunner.Tx tx, Response r) throws SQLException {
        return tx.execute("INSERT INTO siem_responses (time_ms, action, address, rule_id, timeout_s, offence, dry_run, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                r.time().toEpochMilli(), r.action(), r.address(), r.ruleId(), r.timeoutSeconds(), r.offence(), r.dryRun(), r.reason());
    }
}
