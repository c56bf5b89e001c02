-- Alerts of the siem role, with the Wazuh-shaped JSON kept whole for export.
CREATE TABLE siem_alerts (
    id          ${id_pk},
    time_ms     ${bigint} NOT NULL,
    rule_id     INTEGER NOT NULL,
    level       INTEGER NOT NULL,
    srcip       TEXT,
    description TEXT NOT NULL,
    alert_json  TEXT NOT NULL
);
CREATE INDEX siem_alerts_time ON siem_alerts (time_ms);

-- Where each followed log file was read up to, so a restart neither loses nor repeats lines.
CREATE TABLE siem_offsets (
    path        TEXT NOT NULL PRIMARY KEY,
    inode       TEXT NOT NULL,
    file_offset ${bigint} NOT NULL
);
