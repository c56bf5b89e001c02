-- Bridge message ids seen inside the replay window; persisted so a restart does not reopen the window.
CREATE TABLE bridge_seen_ids (
    msg_id      TEXT NOT NULL PRIMARY KEY,
    agent_id    TEXT NOT NULL,
    seen_at_ms  ${bigint} NOT NULL
);
CREATE INDEX bridge_seen_ids_seen_at ON bridge_seen_ids (seen_at_ms);
