package dev.clawdbot.agent;

import dev.clawdbot.core.guard.WithheldStore;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * External content the guard withheld from the model, kept for the operator: a tool result whose text was replaced by
 * a notice naming {@link Item#id()}, by the user agent, the admin agent or on a bridge note's quote.
 * {@code clawdbot sessions withheld [ID]} and {@code GET /api/withheld[/ID]} list and show them. Rows older than
 * {@link #KEPT_FOR} are pruned when a new one is stored; content beyond {@link #MAX_CHARS} is cut (web_fetch returns
 * at most 50,000 characters by default, so this only bounds a misbehaving tool).
 */
public final class WithheldContent implements WithheldStore {

    static final Duration KEPT_FOR = Duration.ofDays(30);
    static final int MAX_CHARS = 1_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One withheld text; {@code scanners} are the guard scanners that fired, comma-separated. */
    public record Item(String id, Instant at, String agent, String session, String tool, String source, String scanners,
                       String content) {
    }

    /** One withheld text without its content: what a listing shows; {@code chars} is the stored content's length in characters (code points, as the database counts them). */
    public record Summary(String id, Instant at, String agent, String session, String tool, String source, String scanners, int chars) {
    }

    private final JdbcRunner jdbc;
    private final Clock clock;

    public WithheldContent(Database db, Clock clock) {
        this.jdbc = new JdbcRunner(db);
        this.clock = clock;
    }

    /** Stores {@code content}; returns its id (16 hex digits, random). */
    @Override
    public String store(String agent, String session, String tool, String source, List<String> scanners, String content) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        Instant now = clock.instant();
        String body = content.length() > MAX_CHARS ? content.substring(0, MAX_CHARS) : content;
        jdbc.inTransaction(tx -> {
            tx.execute("DELETE FROM agent_withheld WHERE created_ms < ?", now.minus(KEPT_FOR).toEpochMilli());
            return tx.execute("INSERT INTO agent_withheld (withheld_id, agent, session_key, tool, source, scanners, content, created_at, created_ms)"
                    + " VALUES (?,?,?,?,?,?,?,?,?)", id, agent, session, tool, source, String.join(",", scanners), body, now.toString(), now.toEpochMilli());
        });
        return id;
    }

    /** The item with this id, content included. */
    public Optional<Item> find(String id) {
        return jdbc.queryOne(SELECT + " WHERE withheld_id = ?", WithheldContent::item, id);
    }

    /** The newest {@code limit} items, newest first, content included. */
    public List<Item> recent(int limit) {
        return List.copyOf(jdbc.query(SELECT + " ORDER BY created_ms DESC, id DESC LIMIT ?", WithheldContent::item, limit));
    }

    /** The newest {@code limit} items, newest first, without their content (a listing need not load up to 1 MB each). */
    public List<Summary> summaries(int limit) {
        return List.copyOf(jdbc.query("SELECT withheld_id, created_at, agent, session_key, tool, source, scanners, LENGTH(content)"
                + " FROM agent_withheld ORDER BY created_ms DESC, id DESC LIMIT ?", rs -> new Summary(rs.getString(1),
                Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getInt(8)), limit));
    }

    private static final String SELECT = "SELECT withheld_id, created_at, agent, session_key, tool, source, scanners, content FROM agent_withheld";

    private static Item item(ResultSet rs) throws SQLException {
        return new Item(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
