-- Active response: one row per address ever blocked (its offence count drives escalating timeouts) ...
CREATE TABLE siem_blocks (
    address     TEXT NOT NULL PRIMARY KEY,
    offences    INTEGER NOT NULL,
    rule_id     INTEGER NOT NULL,
    blocked_ms  ${bigint} NOT NULL,
    expires_ms  ${bigint} NOT NULL,
    active      INTEGER NOT NULL,
    dry_run     INTEGER NOT NULL
);

-- ... and every response taken (block, unblock, refused), for the audit trail and the digest.
CREATE TABLE siem_responses (
    id          ${id_pk},
    time_ms     ${bigint} NOT NULL,
    action      TEXT NOT NULL,
    address     TEXT NOT NULL,
    rule_id     INTEGER NOT NULL,
    timeout_s   ${bigint} NOT NULL,
    offence     INTEGER NOT NULL,
    dry_run     INTEGER NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX siem_responses_time ON siem_responses (time_ms);
