-- External content (tool output, web pages, mail, calendar invites) the guard withheld from the model: kept for the
-- operator to review (`clawdbot sessions withheld`), never shown to a model. Rows older than 30 days are pruned.
CREATE TABLE agent_withheld (
    id ${id_pk},
    withheld_id TEXT NOT NULL,
    agent TEXT NOT NULL,
    session_key TEXT NOT NULL,
    tool TEXT NOT NULL,
    source TEXT NOT NULL,
    scanners TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ms ${bigint} NOT NULL
);

CREATE UNIQUE INDEX agent_withheld_id ON agent_withheld (withheld_id);
CREATE INDEX agent_withheld_recent ON agent_withheld (created_ms);
