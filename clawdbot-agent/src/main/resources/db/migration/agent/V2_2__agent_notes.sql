-- Authenticated notes from the admin side (the signed bridge). They reach the model through the system
-- prompt, never as chat text, so a chat message that imitates one stays ordinary text.
CREATE TABLE agent_notes (
    id ${id_pk},
    agent TEXT NOT NULL,
    message_id TEXT NOT NULL,
    source TEXT NOT NULL,
    request_id TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ms ${bigint} NOT NULL
);

CREATE UNIQUE INDEX agent_notes_message ON agent_notes (agent, message_id);
CREATE INDEX agent_notes_recent ON agent_notes (agent, created_ms);
