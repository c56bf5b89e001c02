-- A bridge note may be for one session only (a broker outcome goes to the session that filed the request), and
-- may carry quoted text the admin side did not write (a request summary, command output), shown as untrusted.
ALTER TABLE agent_notes ADD COLUMN session_key TEXT;
ALTER TABLE agent_notes ADD COLUMN quoted TEXT;
