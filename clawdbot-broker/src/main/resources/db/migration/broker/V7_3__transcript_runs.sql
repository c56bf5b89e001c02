-- Every admin-agent run keeps its transcript: with the request it serves, or as its own record (request_id null),
-- found by its run id.
ALTER TABLE broker_transcripts ADD COLUMN run_id TEXT;
CREATE INDEX broker_transcripts_run ON broker_transcripts (run_id);
CREATE INDEX broker_transcripts_request ON broker_transcripts (request_id);
