-- Data the platform needs beyond 0001 (issue 3): where each population figure comes from, the
-- cluster-level populations used where municipal figures are incomplete, pending population
-- imports (preview → confirm) and the remaining model provenance.

ALTER TABLE population_figures ADD COLUMN source text NOT NULL DEFAULT '';

-- A cluster's population for a period when not all its municipalities' figures are known
-- (2022: implied by Bilag 1, Tabel 1 — not an official statistic; the source says so).
CREATE TABLE cluster_population (
  period     text NOT NULL REFERENCES population_periods (period),
  cluster_id text NOT NULL REFERENCES clusters (id),
  population integer NOT NULL CHECK (population >= 0),
  source     text NOT NULL,
  PRIMARY KEY (period, cluster_id)
);

-- An uploaded FOLK1A file that passed validation and waits for the user to confirm it.
-- Nothing in population_figures changes until it is confirmed (all-or-nothing).
CREATE TABLE population_imports (
  id           text PRIMARY KEY,
  period       text NOT NULL CHECK (period ~ '^[0-9]{4}K[1-4]$'),
  source       text NOT NULL,
  figures      jsonb NOT NULL CHECK (jsonb_typeof(figures) = 'object'),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz
);

ALTER TABLE allocation_models ADD COLUMN regional_key_assumption boolean NOT NULL DEFAULT false;
ALTER TABLE allocation_models ADD COLUMN population_period_source text NOT NULL DEFAULT '';
