-- Klynge on a PostgreSQL server: the application's own database role (issue 11).
--
-- The role that owns the tables (and runs the migrations) can disable triggers and so rewrite
-- the audit trail. Let that role only migrate, and run the server as `klynge_app`, which may read
-- and write the data but can only INSERT and SELECT on the audit trail — no UPDATE, DELETE or
-- TRUNCATE, not the owner (so no ALTER TABLE … DISABLE TRIGGER) and no superuser (so no
-- session_replication_role = replica). The hash chain's links are written by a SECURITY DEFINER
-- trigger owned by the owner role; klynge_app can only read them.
--
-- Use (see README, "Drift på en PostgreSQL-server"):
--   1. DATABASE_URL=postgres://klynge_owner@host/klynge npx klynge seed      (migrates + seeds as owner)
--   2. psql "postgres://klynge_owner@host/klynge" -f docs/server-app-role.sql
--      psql … -c "ALTER ROLE klynge_app PASSWORD '…'"
--   3. DATABASE_URL=postgres://klynge_app:…@host/klynge npm start
-- Run step 2 again after every upgrade that adds migrations (new tables get the same grants by
-- the default privileges below, but running it again is harmless).
-- The role name klynge_app is replaced as a whole word by the test (server-app-role.test.ts).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'klynge_app') THEN
    CREATE ROLE klynge_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO klynge_app', current_database());
END;
$$;

GRANT USAGE ON SCHEMA public TO klynge_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO klynge_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO klynge_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO klynge_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO klynge_app;

-- The audit trail: append and read only. The chain: read only (its trigger writes as the owner).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM klynge_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chain FROM klynge_app;
-- Only the owner migrates.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM klynge_app;
