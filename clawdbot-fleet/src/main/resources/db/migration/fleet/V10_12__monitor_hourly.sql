-- Checks older than 7 days folded into hourly buckets (maintenance checks left out): count, passes, latency.
CREATE TABLE fleet_monitor_hourly (
    monitor        TEXT NOT NULL,
    hour_start     ${bigint} NOT NULL,
    checks         INTEGER NOT NULL,
    ups            INTEGER NOT NULL,
    latency_sum_ms ${bigint} NOT NULL,
    latency_max_ms ${bigint} NOT NULL
);
CREATE UNIQUE INDEX fleet_monitor_hourly_key ON fleet_monitor_hourly (monitor, hour_start);
