-- Token usage per model call, for budgets (per session, per agent per day, per day) and cost reports.
-- at_ms is epoch milliseconds: day boundaries are computed in the configured zone at query time.
CREATE TABLE llm_token_usage (
    id ${id_pk},
    at_ms ${bigint} NOT NULL,
    agent_id TEXT NOT NULL,
    session_key TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens ${bigint} NOT NULL,
    output_tokens ${bigint} NOT NULL,
    cache_read_tokens ${bigint} NOT NULL,
    cache_write_tokens ${bigint} NOT NULL
);
CREATE INDEX llm_token_usage_at ON llm_token_usage (at_ms);
CREATE INDEX llm_token_usage_session ON llm_token_usage (session_key);
CREATE INDEX llm_token_usage_agent_at ON llm_token_usage (agent_id, at_ms);
