-- Monitors added by `clawdbot monitors add` or the HTTP API, beside the read-only ones of the config file.
-- spec: the MonitorSpec as JSON (its keys are the config keys).
CREATE TABLE fleet_monitors (
    name       TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    paused     INTEGER NOT NULL DEFAULT 0,
    updated_at ${bigint} NOT NULL
);
