-- The last heartbeat of each PUSH monitor received by a gateway without the monitor role in its process (the split
-- systemd units): one row per monitor, overwritten by each beat; the monitor role reads it when it checks.
CREATE TABLE fleet_monitor_push_beats (
    monitor TEXT PRIMARY KEY,
    beat_at ${bigint} NOT NULL
);
