-- One row per event; the same events are appended as JSON lines to DATA/events/events.jsonl.
CREATE TABLE events (
    id ${id_pk},
    time TEXT NOT NULL,
    time_ms ${bigint} NOT NULL,
    type TEXT NOT NULL,
    level INTEGER NOT NULL,
    actor TEXT NOT NULL,
    fields TEXT NOT NULL
);
CREATE INDEX events_time_ms ON events (time_ms);
CREATE INDEX events_type ON events (type);
