-- Host-change requests and their state machine.
CREATE TABLE broker_requests (
    id              TEXT NOT NULL PRIMARY KEY,
    intake_key      TEXT NOT NULL UNIQUE,
    requester       TEXT NOT NULL,
    summary         TEXT NOT NULL,
    rationale       TEXT NOT NULL,
    urgency         TEXT NOT NULL,
    actions_json    TEXT NOT NULL,
    action_hash     TEXT NOT NULL,
    parent_id       TEXT,
    state           TEXT NOT NULL,
    risk            TEXT,
    assessment      TEXT,
    approved_hash   TEXT,
    approved_by     TEXT,
    token           TEXT NOT NULL UNIQUE,
    otp_hash        TEXT NOT NULL,
    otp_used        INTEGER NOT NULL DEFAULT 0,
    reminder_sent   INTEGER NOT NULL DEFAULT 0,
    outbound_msg_id TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    expires_at_ms   ${bigint} NOT NULL,
    result          TEXT,
    requester_notified INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX broker_requests_state ON broker_requests (state);

-- Every transition with who, when and why: the audit trail.
CREATE TABLE broker_transitions (
    id          ${id_pk},
    request_id  TEXT NOT NULL REFERENCES broker_requests (id),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX broker_transitions_request ON broker_transitions (request_id);

-- One row per action execution, written before the action runs: the idempotency record.
CREATE TABLE broker_executions (
    idempotency_key TEXT NOT NULL PRIMARY KEY,
    request_id      TEXT NOT NULL REFERENCES broker_requests (id),
    action_index    INTEGER NOT NULL,
    action_hash     TEXT NOT NULL,
    state           TEXT NOT NULL,
    exit_code       INTEGER,
    output          TEXT,
    started_at      TEXT NOT NULL,
    finished_at     TEXT
);

-- Operator messages already acted on (e-mail Message-IDs, one-time codes), so a replay counts once.
CREATE TABLE broker_operator_messages (
    message_key TEXT NOT NULL PRIMARY KEY,
    request_id  TEXT NOT NULL,
    at          TEXT NOT NULL
);

-- Admin agent transcripts kept with the request that triggered them.
CREATE TABLE broker_transcripts (
    id          ${id_pk},
    request_id  TEXT,
    trigger_kind TEXT NOT NULL,
    transcript  TEXT NOT NULL,
    at          TEXT NOT NULL
);
