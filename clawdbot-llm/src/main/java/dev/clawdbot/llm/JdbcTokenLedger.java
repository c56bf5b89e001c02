package dev.clawdbot.llm;

import dev.clawdbot.core.storage.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/** The token ledger in table {@code llm_token_usage}; times are epoch milliseconds (UTC by definition). */
final class JdbcTokenLedger implements TokenLedger {

    private static final String SUM = "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM llm_token_usage WHERE ";

    private final Database db;

    JdbcTokenLedger(Database db) {
        this.db = db;
    }

    @Override
    public void record(Instant at, String agentId, String sessionKey, String model, Usage usage) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO llm_token_usage (at_ms, agent_id, session_key, model, "
                    + "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, agentId);
                ps.setString(3, sessionKey);
                ps.setString(4, model);
                ps.setLong(5, usage.inputTokens());
                ps.setLong(6, usage.outputTokens());
                ps.setLong(7, usage.cacheReadTokens());
                ps.setLong(8, usage.cacheWriteTokens());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long sessionTotal(String sessionKey) {
        return sum(SUM + "session_key = ?", sessionKey);
    }

    @Override
    public long agentTotal(String agentId, Instant from, Instant to) {
        return sum(SUM + "agent_id = ? AND at_ms >= ? AND at_ms < ?", agentId, from.toEpochMilli(), to.toEpochMilli());
    }

    @Override
    public long total(Instant from, Instant to) {
        return sum(SUM + "at_ms >= ? AND at_ms < ?", from.toEpochMilli(), to.toEpochMilli());
    }

    private long sum(String sql, Object... args) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    if (args[i] instanceof Long l) ps.setLong(i + 1, l);
                    else ps.setString(i + 1, (String) args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
