-- A notice may carry an HTML rendering beside its plain-text body (ops reports); e-mail sends both as
-- multipart/alternative. NULL for every other notice.
ALTER TABLE operator_notices ADD COLUMN html TEXT;
