-- The durable outbox (dev.clawdbot.core.outbox): one row per unit of work. A row is due when its status is
-- PENDING or CLAIMED and next_attempt_ms has passed; for a CLAIMED row next_attempt_ms is the end of its lease,
-- so work claimed by a process that died becomes due again. claim_no is the fencing token of the latest claim.
CREATE TABLE outbox (
    id ${id_pk},
    queue TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_ms ${bigint} NOT NULL,
    claim_no INTEGER NOT NULL,
    owner TEXT,
    last_error TEXT,
    result TEXT,
    created_ms ${bigint} NOT NULL,
    updated_ms ${bigint} NOT NULL
);
CREATE INDEX outbox_due ON outbox (queue, status, next_attempt_ms);

-- Operator notices (dev.clawdbot.core.notify): every notice accepted, whether or not it was pushed; repeats counts
-- the duplicates (same dedup_key inside the window) folded into it.
CREATE TABLE operator_notices (
    id ${id_pk},
    source TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    level INTEGER NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    time_ms ${bigint} NOT NULL,
    created_ms ${bigint} NOT NULL,
    repeats INTEGER NOT NULL,
    pushed INTEGER NOT NULL
);
CREATE INDEX operator_notices_dedup ON operator_notices (dedup_key, created_ms);
