-- A notice may carry a short plain-text form for chat channels beside its long body (ops reports summarised to
-- Telegram). NULL for every other notice.
ALTER TABLE operator_notices ADD COLUMN summary TEXT;
