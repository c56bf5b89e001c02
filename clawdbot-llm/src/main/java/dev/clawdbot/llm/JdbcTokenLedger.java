package dev.clawdbot.llm;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Instant;

/** The token ledger in table {@code llm_token_usage}; times are epoch milliseconds (UTC by definition). */
final class JdbcTokenLedger implements TokenLedger {

    private static final String SUM = "SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM llm_token_usage WHERE ";

    private final JdbcRunner jdbc;

    JdbcTokenLedger(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    @Override
    public void record(Instant at, String agentId, String sessionKey, String model, Usage usage) {
        jdbc.write("INSERT INTO llm_token_usage (at_ms, agent_id, session_key, model, input_tokens, output_tokens,"
                        + " cache_read_tokens, cache_write_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", at.toEpochMilli(), agentId, sessionKey, model,
                usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens());
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
        return jdbc.count(sql, args);
    }
}
