-- Issue 13: sessions resolved from memory while nothing about sign-in has changed. Looking up the
-- session, its user and the user's roles was the one query every signed-in request made, and the
-- largest part of what the read routes cost under load.
--
-- data_version.auth_n is raised by one at COMMIT of every transaction that ended or changed a
-- session (not the once-a-minute touch of last_seen_at), changed or removed a user, or changed
-- role assignments. It is raised exactly as data_version.n is (migration 0013): a deferred
-- constraint trigger under the same transaction-level advisory lock, so the numbers follow commit
-- order. A server keeps a session it has read under auth_n = v only while auth_n is still v
-- (src/infra/auth/store.ts resolveSession), on PGlite and across connections and app instances. A
-- new session needs no raise: nobody holds its token before the sign-in that made it commits.

ALTER TABLE data_version ADD COLUMN auth_n bigint NOT NULL DEFAULT 1;

-- One row per transaction that changed sign-in state, inserted at its first change and deleted again at its commit.
CREATE TABLE auth_version_marks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY
);

CREATE FUNCTION klynge_auth_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7263548190223);
  UPDATE data_version SET auth_n = auth_n + 1;
  DELETE FROM auth_version_marks WHERE id = NEW.id;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER auth_version_marks_raise
  AFTER INSERT ON auth_version_marks
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION klynge_auth_version_raise();

CREATE FUNCTION klynge_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('klynge.auth_changed', true), '') = '' THEN
    PERFORM set_config('klynge.auth_changed', 'yes', true);
    INSERT INTO auth_version_marks DEFAULT VALUES;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER sessions_auth_changed AFTER DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_auth_changed();
-- Every column but last_seen_at (the touch keeps its own copy in memory, see resolveSession).
CREATE TRIGGER sessions_auth_changed_columns AFTER UPDATE OF id, token_hash, user_id, csrf_token, created_at, expires_at, ip, user_agent ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_auth_changed();
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_auth_changed();
CREATE TRIGGER role_assignments_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_assignments
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_auth_changed();
