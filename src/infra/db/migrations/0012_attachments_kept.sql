-- Attachments are kept (issue 11, deliverable 4): removing a file from an evaluation hides it
-- from lists and downloads but keeps its content, so the audit trail's "removed" points at a
-- file that can still be produced. Who removed it and when is on the row and in the trail.

ALTER TABLE attachments ADD COLUMN removed_at timestamptz;
ALTER TABLE attachments ADD COLUMN removed_by text;
