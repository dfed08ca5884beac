-- Issue 13 §5: the audit trail's free-text search is indexed, and so are its filter columns.
--
-- Only indexes: audit_log and audit_chain keep their rows, columns, triggers and hash chain (the
-- hash covers the row's columns, which do not change), so `klynge audit verify` holds as before.
--
-- Full text, built in (no extension, the same on PostgreSQL 15 and PGlite): the row's entity,
-- id, actor, action and old and new values as one text, ASCII punctuation turned into spaces so
-- `membership.update`, `revision-kbh` and JSON keys split into words, its first 200.000 characters
-- (a tsvector holds at most 1 MB), read with the 'simple' configuration (lower case, no stemming,
-- no stop words: names and ids are not Danish prose). src/infra/audit/audit.ts repeats this
-- expression word for word so the planner uses the index; the search then rechecks the exact
-- substring on the rows the index finds.
CREATE INDEX audit_log_search ON audit_log USING gin (
  to_tsvector('simple'::regconfig, regexp_replace(left(
    entity || ' ' || entity_id || ' ' || actor_name || ' ' || action || ' ' || coalesce(before::text, '') || ' ' || coalesce(after::text, ''),
    200000), '[[:punct:][:space:]]+', ' ', 'g'))
);

-- The filters of GET /api/audit, each with id so the newest-first keyset page (id < beforeId,
-- ORDER BY id DESC) reads the index backwards. entity (entity, entity_id, id) and at (at, id)
-- have theirs since 0001.
CREATE INDEX audit_log_actor ON audit_log (actor_name, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
