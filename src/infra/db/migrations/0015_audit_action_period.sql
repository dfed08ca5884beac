-- Issue 13 §5: the audit search filtered by action and a period (GET /api/audit?action=…&from=…&to=…)
-- finds the newest rows of the filter from one index range instead of two bitmaps, one of them
-- every row of the action (an eighth of the trail, say).
--
-- Only an index: audit_log keeps its rows, columns, triggers and hash chain. Building it reads the
-- table once (seconds at 10⁶ rows); it is not a rewrite.
CREATE INDEX audit_log_action_at ON audit_log (action, at, id);
