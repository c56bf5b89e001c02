-- File integrity monitoring: the baseline, one row per watched path (files, directories, links), and the
-- redacted text of files whose changes carry a diff (at most 64 KiB each).
CREATE TABLE siem_fim (
    path        TEXT NOT NULL PRIMARY KEY,
    kind        TEXT NOT NULL,
    sha256      TEXT,
    size        ${bigint} NOT NULL,
    mode        INTEGER NOT NULL,
    owner       TEXT NOT NULL,
    mtime_ms    ${bigint} NOT NULL,
    inode       ${bigint} NOT NULL,
    content     TEXT
);

-- Every change reported, for the daily digest.
CREATE TABLE siem_fim_changes (
    id          ${id_pk},
    time_ms     ${bigint} NOT NULL,
    change      TEXT NOT NULL,
    path        TEXT NOT NULL
);
CREATE INDEX siem_fim_changes_time ON siem_fim_changes (time_ms);
