-- The requester's session (set by the request_host_change tool): the only session told the outcome.
ALTER TABLE broker_requests ADD COLUMN requester_session TEXT;
