-- What a check saw last time, to report the difference this time: the dpkg package inventory (monthly) and the
-- used bytes per filesystem (daily disk growth). One row per snapshot name, replaced on each run.
CREATE TABLE ops_snapshots (
    name     TEXT NOT NULL PRIMARY KEY,
    taken_at ${bigint} NOT NULL,
    content  TEXT NOT NULL
);
