package dev.clawdbot.siem.response;

import dev.clawdbot.core.storage.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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

    private final Database db;

    public BlockStore(Database db) {
        this.db = db;
    }

    public Optional<Block> find(String address) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM siem_blocks WHERE address = ?")) {
                ps.setString(1, address);
                return blocks(ps).stream().findFirst();
            }
        });
    }

    /** Active blocks, soonest to expire first. */
    public List<Block> active() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM siem_blocks WHERE active = 1 ORDER BY expires_ms, address")) {
                return blocks(ps);
            }
        });
    }

    /** Stores {@code b} as the address's block and records {@code r}, in one transaction. */
    void save(Block b, Response r) {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM siem_blocks WHERE address = ?")) {
                del.setString(1, b.address());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO siem_blocks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, b.address());
                ps.setInt(2, b.offences());
                ps.setInt(3, b.ruleId());
                ps.setLong(4, b.blockedAt().toEpochMilli());
                ps.setLong(5, b.expires().toEpochMilli());
                ps.setInt(6, b.active() ? 1 : 0);
                ps.setInt(7, b.dryRun() ? 1 : 0);
                ps.executeUpdate();
            }
            insert(c, r);
            return null;
        });
    }

    void record(Response r) {
        db.inTransaction(c -> {
            insert(c, r);
            return null;
        });
    }

    /** Responses at or after {@code since}, oldest first. */
    public List<Response> responses(Instant since) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, action, address, rule_id, timeout_s, offence, dry_run, reason"
                    + " FROM siem_responses WHERE time_ms >= ? ORDER BY time_ms, id")) {
                ps.setLong(1, since.toEpochMilli());
                List<Response> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Response(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getLong(5), rs.getInt(6), rs.getInt(7) == 1, rs.getString(8)));
                    }
                }
                return out;
            }
        });
    }

    private static void insert(Connection c, Response r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO siem_responses (time_ms, action, address, rule_id, timeout_s, offence,"
                + " dry_run, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.time().toEpochMilli());
            ps.setString(2, r.action());
            ps.setString(3, r.address());
            ps.setInt(4, r.ruleId());
            ps.setLong(5, r.timeoutSeconds());
            ps.setInt(6, r.offence());
            ps.setInt(7, r.dryRun() ? 1 : 0);
            ps.setString(8, r.reason());
            ps.executeUpdate();
        }
    }

    private static List<Block> blocks(PreparedStatement ps) throws SQLException {
        List<Block> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Block(rs.getString(1), rs.getInt(2), rs.getInt(3), Instant.ofEpochMilli(rs.getLong(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) == 1, rs.getInt(7) == 1));
            }
        }
        return out;
    }
}
