-- Posting files a finance officer books without retyping (issue 9, deliverable 6).
--
-- 1. The charts of accounts (kontoplaner) posting lines are booked in, one row per chart, and the
--    type of expenditure (art) each kind of posting line gets in each chart. Seeded with the
--    authorised municipal arts (Budget- og regnskabssystem for kommuner: 4.7 Betalinger til
--    kommuner, 4.8 Betalinger til regioner, 7.7 Betalinger fra kommuner, 7.8 Betalinger fra
--    regioner, 4.0 Tjenesteydelser uden moms for the executing party's own cost) and with the same
--    numbers for the regional chart, marked unconfirmed until the region confirms them. Editable
--    per installation by an administrator (versioned, audited); src/core/chart-of-accounts.ts holds
--    the same defaults.
-- 2. A human initiative number per cluster (indsatsnummer: 1, 2, 3 … in order of creation), so
--    files name initiatives by number and title, never by their id.

CREATE TABLE posting_charts (
  account_system   text PRIMARY KEY CHECK (account_system IN ('kommunal', 'regional')),
  name             text NOT NULL CHECK (name <> ''),
  -- Function/account used when an initiative names none; kept whole (e.g. 4.62.88).
  default_function text NOT NULL CHECK (default_function ~ '^[0-9]+(\.[0-9]+)*$'),
  dranst           text NOT NULL CHECK (dranst ~ '^[0-9]+$'),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE posting_chart_arts (
  account_system text NOT NULL REFERENCES posting_charts (account_system),
  purpose        text NOT NULL CHECK (purpose IN ('own-expense', 'payment-to-municipality', 'payment-to-region', 'income-from-municipality', 'income-from-region')),
  art            text NOT NULL CHECK (art ~ '^[0-9]+(\.[0-9]+)*$'),
  art_text       text NOT NULL CHECK (art_text <> ''),
  note           text NOT NULL DEFAULT '',
  confirmed      boolean NOT NULL,
  PRIMARY KEY (account_system, purpose)
);

INSERT INTO posting_charts (account_system, name, default_function, dranst, updated_by) VALUES
  ('kommunal', 'Budget- og regnskabssystem for kommuner', '4.62.88', '1', 'system'),
  ('regional', 'Budget- og regnskabssystem for regioner', '1.60.41', '1', 'system');

INSERT INTO posting_chart_arts (account_system, purpose, art, art_text, note, confirmed) VALUES
  ('kommunal', 'own-expense', '4.0', 'Tjenesteydelser uden moms', 'Budget- og regnskabssystem for kommuner, autoriserede arter (standard for udgiften; ret efter den faktiske art)', true),
  ('kommunal', 'payment-to-municipality', '4.7', 'Betalinger til kommuner', 'Budget- og regnskabssystem for kommuner, autoriserede arter', true),
  ('kommunal', 'payment-to-region', '4.8', 'Betalinger til regioner', 'Budget- og regnskabssystem for kommuner, autoriserede arter', true),
  ('kommunal', 'income-from-municipality', '7.7', 'Betalinger fra kommuner', 'Budget- og regnskabssystem for kommuner, autoriserede arter', true),
  ('kommunal', 'income-from-region', '7.8', 'Betalinger fra regioner', 'Budget- og regnskabssystem for kommuner, autoriserede arter', true),
  ('regional', 'own-expense', '4.0', 'Tjenesteydelser uden moms', 'Regionens kontoplan: standard, afventer regionens bekræftelse', false),
  ('regional', 'payment-to-municipality', '4.7', 'Betalinger til kommuner', 'Regionens kontoplan: standard, afventer regionens bekræftelse', false),
  ('regional', 'payment-to-region', '4.8', 'Betalinger til regioner', 'Regionens kontoplan: standard, afventer regionens bekræftelse', false),
  ('regional', 'income-from-municipality', '7.7', 'Betalinger fra kommuner', 'Regionens kontoplan: standard, afventer regionens bekræftelse', false),
  ('regional', 'income-from-region', '7.8', 'Betalinger fra regioner', 'Regionens kontoplan: standard, afventer regionens bekræftelse', false);

ALTER TABLE initiatives ADD COLUMN number integer CHECK (number >= 1);
UPDATE initiatives SET number = numbered.n
  FROM (SELECT id, row_number() OVER (PARTITION BY cluster_id ORDER BY created_at, id) AS n FROM initiatives) AS numbered
  WHERE initiatives.id = numbered.id;
ALTER TABLE initiatives ALTER COLUMN number SET NOT NULL;
ALTER TABLE initiatives ADD CONSTRAINT initiatives_cluster_number UNIQUE (cluster_id, number);
