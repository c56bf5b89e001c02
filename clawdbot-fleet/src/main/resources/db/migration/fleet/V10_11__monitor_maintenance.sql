-- 1 when the check ran inside a maintenance window: kept in the history, left out of uptime percentages.
ALTER TABLE fleet_monitor_checks ADD COLUMN maintenance INTEGER NOT NULL DEFAULT 0;
