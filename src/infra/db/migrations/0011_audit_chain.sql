-- Issue 11: a tamper-evident audit trail. Every audit_log row gets a link in audit_chain holding
-- the hash of the previous link and of the row's own content, so a row altered, removed or
-- inserted behind the application's back (trigger disabled, replica mode, a restore of an edited
-- backup) breaks the chain, and `klynge audit verify` names the first broken row.
--
-- The link is made by a deferred constraint trigger, i.e. at COMMIT: links are numbered in
-- commit order under a transaction-level advisory lock, so concurrent writers chain correctly
-- (on PGlite and across connections and app instances on a server), and the lock is held only
-- for the moment of committing — never while a transaction waits for other locks.

CREATE TABLE audit_chain (
  seq        bigint PRIMARY KEY,
  audit_id   bigint NOT NULL UNIQUE,
  prev_hash  text NOT NULL,
  row_hash   text NOT NULL
);

-- The row's content as canonical text: jsonb renders keys sorted and values normalised; the time
-- in UTC with microseconds, so the session's time zone does not matter.
CREATE FUNCTION klynge_audit_row_hash(prev text, a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev || '|' || jsonb_build_array(
    a.id, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.actor_id, a.actor_name,
    a.action, a.entity, a.entity_id, a.before, a.after)::text, 'UTF8')), 'hex')
$$;

-- Runs as the owner (SECURITY DEFINER): the application role can insert audit rows and read the
-- chain, but cannot write links itself.
CREATE FUNCTION klynge_audit_link() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  rec audit_log;
BEGIN
  PERFORM pg_advisory_xact_lock(7263548190223);
  SELECT seq, row_hash INTO last_seq, last_hash FROM audit_chain ORDER BY seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    last_seq := 0;
    last_hash := 'klynge-audit-genesis';
  END IF;
  SELECT * INTO rec FROM audit_log WHERE id = NEW.id;
  INSERT INTO audit_chain (seq, audit_id, prev_hash, row_hash)
  VALUES (last_seq + 1, NEW.id, last_hash, klynge_audit_row_hash(last_hash, rec));
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER audit_log_chain
  AFTER INSERT ON audit_log
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION klynge_audit_link();

CREATE TRIGGER audit_chain_append_only
  BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION klynge_refuse_change('Revisionssporets kæde kan ikke ændres eller slettes.');
CREATE TRIGGER audit_chain_no_truncate
  BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_refuse_change('Revisionssporets kæde kan ikke ændres eller slettes.');

-- The rows written before this migration, chained in id order.
DO $$
DECLARE
  r audit_log;
  n bigint := 0;
  h text := 'klynge-audit-genesis';
  next_hash text;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    next_hash := klynge_audit_row_hash(h, r);
    INSERT INTO audit_chain (seq, audit_id, prev_hash, row_hash) VALUES (n, r.id, h, next_hash);
    h := next_hash;
  END LOOP;
END;
$$;
