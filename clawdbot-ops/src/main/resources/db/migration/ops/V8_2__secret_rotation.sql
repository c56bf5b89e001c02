-- When each inventoried secret was last rotated. A secret never recorded as rotated gets the time it was first
-- seen (source 'first-seen'), so its first reminder comes one cadence after Clawdbot started tracking it.
CREATE TABLE ops_secret_rotations (
    name       TEXT NOT NULL PRIMARY KEY,
    rotated_at ${bigint} NOT NULL,
    source     TEXT NOT NULL
);

-- Reminder ladder steps already sent, one row per secret, due date and step (soon, due, overdue-N).
CREATE TABLE ops_secret_reminders (
    name     TEXT NOT NULL,
    due_date TEXT NOT NULL,
    step     TEXT NOT NULL,
    sent_at  ${bigint} NOT NULL,
    PRIMARY KEY (name, due_date, step)
);
