-- Sessions, turns and messages of the agent gateway. Times are ISO-8601 UTC text.
CREATE TABLE agent_sessions (
    id ${id_pk},
    session_key TEXT NOT NULL,
    agent TEXT NOT NULL,
    channel TEXT NOT NULL,
    peer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    archived_at TEXT,
    model_override TEXT,
    summary TEXT,
    compacted_through INTEGER NOT NULL DEFAULT 0,
    input_tokens ${bigint} NOT NULL DEFAULT 0,
    output_tokens ${bigint} NOT NULL DEFAULT 0
);

-- At most one active session per key; archived ones stay retrievable.
CREATE UNIQUE INDEX agent_sessions_active_key ON agent_sessions (session_key) WHERE archived_at IS NULL;
CREATE INDEX agent_sessions_key ON agent_sessions (session_key);

CREATE TABLE agent_turns (
    id ${id_pk},
    session_id ${bigint} NOT NULL REFERENCES agent_sessions (id),
    seq INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    model TEXT,
    input_tokens ${bigint} NOT NULL DEFAULT 0,
    output_tokens ${bigint} NOT NULL DEFAULT 0,
    UNIQUE (session_id, seq)
);

CREATE TABLE agent_messages (
    id ${id_pk},
    turn_id ${bigint} NOT NULL REFERENCES agent_turns (id),
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (turn_id, seq)
);
