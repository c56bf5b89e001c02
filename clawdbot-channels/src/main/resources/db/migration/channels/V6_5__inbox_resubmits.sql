-- How often an update was handed to the agent again after a restart: a message that keeps the process from
-- finishing is resubmitted a bounded number of times, then reported to its sender instead.
ALTER TABLE telegram_inbox ADD COLUMN resubmits INTEGER NOT NULL DEFAULT 0;
