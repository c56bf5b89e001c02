-- One row per monitor check: its outcome and latency (ms), for history and uptime percentages.
CREATE TABLE fleet_monitor_checks (
    id         ${id_pk},
    monitor    TEXT NOT NULL,
    checked_at ${bigint} NOT NULL,
    up         INTEGER NOT NULL,
    latency_ms ${bigint} NOT NULL,
    cause      TEXT
);
CREATE INDEX fleet_monitor_checks_by_time ON fleet_monitor_checks (monitor, checked_at);

-- A monitor's time DOWN: opened when it goes DOWN, closed (ended_at set) when it comes back UP.
CREATE TABLE fleet_monitor_incidents (
    id         ${id_pk},
    monitor    TEXT NOT NULL,
    started_at ${bigint} NOT NULL,
    ended_at   ${bigint},
    cause      TEXT NOT NULL
);
CREATE INDEX fleet_monitor_incidents_by_monitor ON fleet_monitor_incidents (monitor, started_at);
