-- One counter that every change to fleet_monitors or fleet_maintenance raises in the same transaction: a running
-- monitor role polls this single row (every 2 s) instead of the tables, and reloads only when it moved.
CREATE TABLE fleet_monitor_changes (
    id      INTEGER PRIMARY KEY,
    version ${bigint} NOT NULL
);
INSERT INTO fleet_monitor_changes (id, version) VALUES (1, 0);
