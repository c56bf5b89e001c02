-- Stored turns the session doctor took out of replay because they would not replay to a model: each is copied here
-- whole (the turn row and its messages, content byte for byte) with why and when, before it is deleted from
-- agent_turns/agent_messages in the same transaction. Read them with `clawdbot sessions quarantined`.
CREATE TABLE agent_quarantined_turns (
    id ${id_pk},
    session_id ${bigint} NOT NULL,
    session_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    model TEXT,
    input_tokens ${bigint} NOT NULL DEFAULT 0,
    output_tokens ${bigint} NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    quarantined_at TEXT NOT NULL
);

-- Not unique: when a session's last turn is quarantined, the next turn committed takes its seq again.
CREATE INDEX agent_quarantined_turns_session ON agent_quarantined_turns (session_id, seq);

CREATE TABLE agent_quarantined_messages (
    quarantined_turn_id ${bigint} NOT NULL REFERENCES agent_quarantined_turns (id),
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (quarantined_turn_id, seq)
);
