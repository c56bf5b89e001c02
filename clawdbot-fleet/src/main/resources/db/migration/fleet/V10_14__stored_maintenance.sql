-- Maintenance windows added through the HTTP API, beside the config's. spec: the MaintenanceWindow as JSON.
CREATE TABLE fleet_maintenance (
    name       TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    updated_at ${bigint} NOT NULL
);
