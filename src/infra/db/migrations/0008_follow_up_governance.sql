-- Issue 15: follow-up and governance as the seeds say.

-- The evaluation guide is "til inspiration" (seed 002): an SSU's or a cluster's layer says which
-- of the five standard questions it requires (standard key → required); a key left out keeps what
-- the level above says, and by default all are required.
ALTER TABLE guide_layers ADD COLUMN standard_required jsonb NOT NULL DEFAULT '{}'::jsonb
  CHECK (jsonb_typeof(standard_required) = 'object');

-- The secretariat co-financing (objektiv medfinansiering, seed 003) as a decided record per
-- cluster-year: the cost (e.g. ½ årsværk = 370.000 kr.), the key it was split by (each
-- municipality's basis: full, partial or weighted population), the decision it rests on and the
-- result. A new decision for the same cluster-year replaces it under an optimistic version;
-- the audit trail keeps every earlier one.
CREATE TABLE secretariat_cofinancing (
  cluster_id         text NOT NULL REFERENCES clusters (id),
  year               integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  cost_ore           bigint NOT NULL CHECK (cost_ore >= 0),
  population_period  text NOT NULL,
  decision_reference text NOT NULL CHECK (length(btrim(decision_reference)) > 0),
  decided_on         date NOT NULL,
  -- Rows: municipality, basis kind, basis (exact fraction as text), share, amount in øre.
  result             jsonb NOT NULL CHECK (jsonb_typeof(result) = 'array'),
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text NOT NULL,
  PRIMARY KEY (cluster_id, year)
);
