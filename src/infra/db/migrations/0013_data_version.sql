-- Issue 13: a data version, so a computed view (the economy of a cluster-year, the register of a
-- year, the current allocation) can be kept in memory and reused until the data changes — on
-- PGlite and across connections and app instances on a server.
--
-- data_version.n is raised by one at COMMIT of every transaction that changed any domain table
-- (every table below except the auth and audit tables and this bookkeeping). The raise is made by
-- a deferred constraint trigger under the audit chain's transaction-level advisory lock, so the
-- numbers follow commit order and the lock is taken in the same order as the audit link's (no
-- deadlock between the two). A reader that reads n BEFORE reading the data never reads data older
-- than n: a view cached under n is the view of n or of a later commit, never of an earlier one.
--
-- A new domain table needs the trigger too: src/infra/db/data-version.test.ts fails for a table
-- without it.

CREATE TABLE data_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  n  bigint NOT NULL
);
INSERT INTO data_version (id, n) VALUES (true, 1);

-- One row per changing transaction, inserted at its first change and deleted again at its commit.
CREATE TABLE data_version_marks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY
);

CREATE FUNCTION klynge_data_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7263548190223);
  UPDATE data_version SET n = n + 1;
  DELETE FROM data_version_marks WHERE id = NEW.id;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER data_version_marks_raise
  AFTER INSERT ON data_version_marks
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION klynge_data_version_raise();

-- Statement-level, so a bulk insert costs one call; the transaction-local setting makes only the
-- first change of a transaction insert a mark (a rolled-back savepoint undoes both).
CREATE FUNCTION klynge_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('klynge.data_changed', true), '') = '' THEN
    PERFORM set_config('klynge.data_changed', 'yes', true);
    INSERT INTO data_version_marks DEFAULT VALUES;
  END IF;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p')
      AND c.relname NOT IN ('audit_log', 'audit_chain', 'schema_migrations', 'sessions', 'login_attempts', 'users', 'role_assignments', 'data_version', 'data_version_marks')
    ORDER BY c.relname
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION klynge_data_changed()', t || '_data_changed', t);
  END LOOP;
END;
$$;

-- Lookups the read routes make that no index served (checked with EXPLAIN on PostgreSQL 15):
-- a cluster's memberships over all years (the economy's parties).
CREATE INDEX memberships_cluster ON memberships (cluster_id, year);
