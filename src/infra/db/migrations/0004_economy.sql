-- The cluster economy (issue 4): initiatives with their forecasts, extra local funds, actuals,
-- cluster-years (open/closed with the closing), ceiling commitments and immutable settlement runs.
-- Money in integer øre (bigint).

CREATE TABLE initiatives (
  id                   text PRIMARY KEY,
  cluster_id           text NOT NULL REFERENCES clusters (id),
  title                text NOT NULL,
  status               text NOT NULL CHECK (status IN ('proposed', 'approved', 'running', 'ended', 'evaluated', 'rejected', 'stopped')),
  target_group         text NOT NULL,
  start_period         text NOT NULL CHECK (start_period ~ '^[0-9]{4}-[0-9]{2}$'),
  end_period           text NOT NULL CHECK (end_period ~ '^[0-9]{4}-[0-9]{2}$'),
  -- Spreading (spredning): the initiative this one was adopted from.
  origin_initiative_id text REFERENCES initiatives (id),
  -- The whole initiative as the domain core holds it (forecast lines, approved forecast, shares);
  -- fractions as "num/den" text, money as integer øre.
  data                 jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  version              integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_by           text NOT NULL,
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX initiatives_cluster ON initiatives (cluster_id, start_period);

CREATE TABLE extra_local_funds (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id         text NOT NULL REFERENCES clusters (id),
  year               integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  party              text NOT NULL,
  amount_ore         bigint NOT NULL CHECK (amount_ore > 0),
  decision_reference text NOT NULL CHECK (decision_reference <> ''),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX extra_local_funds_cluster ON extra_local_funds (cluster_id, year);

CREATE TABLE actuals (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id    text NOT NULL REFERENCES clusters (id),
  initiative_id text NOT NULL REFERENCES initiatives (id),
  party         text NOT NULL,
  period        text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  amount_ore    bigint NOT NULL,
  category      text NOT NULL,
  funding       text NOT NULL CHECK (funding IN ('common', 'own')),
  text          text NOT NULL DEFAULT '',
  -- The import (file) the line came from, or null when typed in.
  import_id     text,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actuals_cluster ON actuals (cluster_id, period);

-- A cluster-year's state (open/closed) with the closing (per party contributed, spent, carried).
CREATE TABLE cluster_years (
  cluster_id text NOT NULL REFERENCES clusters (id),
  year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  status     text NOT NULL CHECK (status IN ('open', 'closed')),
  closing    jsonb,
  version    integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, year)
);

-- A party's commitment to room under its expenditure ceiling (udgiftsloft/serviceramme) so that
-- its unused funds may be carried into the next year.
CREATE TABLE ceiling_commitments (
  cluster_id  text NOT NULL REFERENCES clusters (id),
  year        integer NOT NULL,
  party       text NOT NULL,
  amount_ore  bigint NOT NULL CHECK (amount_ore >= 0),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, year, party)
);

-- Settlement runs (afregning) for a period: immutable records of what each party owes and books.
CREATE TABLE settlement_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster_id  text NOT NULL REFERENCES clusters (id),
  period_from text NOT NULL,
  period_to   text NOT NULL,
  result      jsonb NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER settlement_runs_immutable
  BEFORE UPDATE OR DELETE ON settlement_runs
  FOR EACH ROW EXECUTE FUNCTION klynge_refuse_change('En gemt afregning kan ikke ændres; lav en ny afregning.');
