-- Domain tables (issue 3): register per year, population figures per period, the allocation model
-- per year, immutable allocation runs and the append-only audit trail. SQL accepted by both
-- PostgreSQL 15 (server) and PGlite (PostgreSQL 18). Money is integer øre in bigint columns.

CREATE TABLE regions (
  code text PRIMARY KEY CHECK (code ~ '^108[1-5]$'),
  name text NOT NULL
);

CREATE TABLE municipalities (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES regions (code)
);

CREATE TABLE clusters (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+$'),
  region_code text NOT NULL REFERENCES regions (code),
  name        text NOT NULL,
  position    integer NOT NULL
);

-- A municipality's participation in a cluster for one year; the bases are jsonb
-- ({"kind":"full"}, {"kind":"partial","population":287181,"label":"…"}, {"kind":"weight","weight":"1/2"}, …).
CREATE TABLE memberships (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year               integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  cluster_id         text NOT NULL REFERENCES clusters (id),
  municipality_code  text NOT NULL REFERENCES municipalities (code),
  political          boolean NOT NULL,
  administrative     boolean NOT NULL,
  common_funds_basis jsonb NOT NULL CHECK (jsonb_typeof(common_funds_basis) = 'object' AND common_funds_basis ? 'kind'),
  secretariat_basis  jsonb NOT NULL CHECK (jsonb_typeof(secretariat_basis) = 'object' AND secretariat_basis ? 'kind'),
  mark               text NOT NULL DEFAULT '' CHECK (mark IN ('', '*', '**', '***')),
  note               text NOT NULL DEFAULT '',
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text NOT NULL,
  UNIQUE (year, cluster_id, municipality_code)
);
CREATE INDEX memberships_year ON memberships (year, cluster_id);

CREATE TABLE population_periods (
  period      text PRIMARY KEY CHECK (period ~ '^[0-9]{4}K[1-4]$'),
  source      text NOT NULL,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);

CREATE TABLE population_figures (
  period            text NOT NULL REFERENCES population_periods (period),
  municipality_code text NOT NULL REFERENCES municipalities (code),
  population        integer NOT NULL CHECK (population >= 0),
  PRIMARY KEY (period, municipality_code)
);

CREATE TABLE allocation_models (
  year                integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  municipal_total_ore bigint NOT NULL CHECK (municipal_total_ore >= 0),
  regional_total_ore  bigint NOT NULL CHECK (regional_total_ore >= 0),
  regional_key        jsonb NOT NULL CHECK (jsonb_typeof(regional_key) = 'object'),
  regional_key_source text NOT NULL DEFAULT '',
  population_period   text NOT NULL CHECK (population_period ~ '^[0-9]{4}K[1-4]$'),
  unit                text NOT NULL DEFAULT 'krone' CHECK (unit IN ('krone', 'øre')),
  version             integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          text NOT NULL
);

-- Immutable records of a run's inputs and outputs; a correction is a new run pointing at the old.
CREATE TABLE allocation_runs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  inputs          jsonb NOT NULL,
  result          jsonb NOT NULL,
  corrects_run_id bigint REFERENCES allocation_runs (id),
  note            text NOT NULL DEFAULT '',
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX allocation_runs_year ON allocation_runs (year, id);

-- Append-only audit trail: who, when, what, old → new. actor_id has no foreign key on purpose:
-- the trail must outlive the accounts it names.
CREATE TABLE audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor_id   text,
  actor_name text NOT NULL,
  action     text NOT NULL,
  entity     text NOT NULL,
  entity_id  text NOT NULL,
  before     jsonb,
  after      jsonb
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_at ON audit_log (at, id);

-- Refuses any change to a row that must never change. TG_ARGV[0] is the Danish reason.
CREATE FUNCTION klynge_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION klynge_refuse_change('Revisionssporet kan ikke ændres eller slettes.');
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_refuse_change('Revisionssporet kan ikke ændres eller slettes.');

CREATE TRIGGER allocation_runs_immutable
  BEFORE UPDATE OR DELETE ON allocation_runs
  FOR EACH ROW EXECUTE FUNCTION klynge_refuse_change('En gemt fordelingskørsel kan ikke ændres; ret ved at lave en ny kørsel.');
CREATE TRIGGER allocation_runs_no_truncate
  BEFORE TRUNCATE ON allocation_runs
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_refuse_change('En gemt fordelingskørsel kan ikke ændres; ret ved at lave en ny kørsel.');
