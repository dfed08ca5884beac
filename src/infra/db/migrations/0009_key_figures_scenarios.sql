-- Key figures for each cluster's population (issue 14): the indicator catalogue with the four
-- data-package themes of seed 001 §17, key-figure imports (preview → confirm, all or nothing),
-- the stored figures in one long format, targets per cluster and indicator, and what-if
-- allocation scenarios kept beside — never inside — the decided runs.

-- The catalogue (nøgletalskatalog). kind 'count' is a number of persons; 'rate' is
-- numerator / denominator × per (per = 100: pct., 1000: pr. 1.000).
CREATE TABLE key_indicators (
  id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+$'),
  name       text NOT NULL,
  theme      text NOT NULL CHECK (theme IN ('population', 'vulnerable-elderly', 'chronic', 'psychiatry')),
  kind       text NOT NULL CHECK (kind IN ('count', 'rate')),
  per        integer NOT NULL DEFAULT 1 CHECK (per IN (1, 100, 1000, 100000)),
  unit       text NOT NULL,
  definition text NOT NULL,
  source     text NOT NULL,
  direction  text NOT NULL CHECK (direction IN ('higher-better', 'lower-better', 'neutral')),
  position   integer NOT NULL
);

INSERT INTO key_indicators (id, name, theme, kind, per, unit, definition, source, direction, position) VALUES
  ('population', 'Indbyggere', 'population', 'count', 1, 'personer',
   'Folketal den 1. i kvartalet (FOLK1A), alle køn, aldre og civilstande. En klynges tal er summen af de medlemskommuner, der bidrager til klyngens fælles midler; en kommune, der kun delvist hører til klyngen (fx Københavns bydele), tælles kun med det tal, filen angiver for klyngen.',
   'Danmarks Statistik, Statistikbanken FOLK1A', 'neutral', 1),
  ('population-65plus-share', 'Andel 65 år og derover', 'population', 'rate', 100, 'pct. af indbyggerne',
   'Indbyggere på 65 år og derover (tæller) i forhold til alle indbyggere (nævner), 1. januar.',
   'Danmarks Statistik, Statistikbanken FOLK1A (ALDER)', 'neutral', 2),
  ('elderly-preventable-admissions', 'Forebyggelige indlæggelser blandt ældre', 'vulnerable-elderly', 'rate', 1000, 'pr. 1.000 borgere på 65+ år',
   'Indlæggelser med en forebyggelig diagnose (bl.a. dehydrering, lungebetændelse, urinvejsinfektion) blandt borgere på 65 år og derover (tæller) pr. 1.000 borgere på 65 år og derover (nævner) i året.',
   'Sundhedsdatastyrelsen, datapakken til sundhedsklyngerne (Den Kommunale Sundhedsstatistik)', 'lower-better', 3),
  ('elderly-readmissions', 'Genindlæggelser inden for 30 dage, 65+ år', 'vulnerable-elderly', 'rate', 100, 'pct. af udskrivelserne',
   'Akutte genindlæggelser inden for 30 dage efter udskrivelse (tæller) i forhold til udskrivelser af borgere på 65 år og derover (nævner) i året.',
   'Sundhedsdatastyrelsen, datapakken til sundhedsklyngerne', 'lower-better', 4),
  ('chronic-copd-admissions', 'KOL-indlæggelser blandt borgere med KOL', 'chronic', 'rate', 1000, 'pr. 1.000 borgere med KOL',
   'Akutte indlæggelser med KOL som aktionsdiagnose (tæller) pr. 1.000 borgere med KOL (nævner) i året.',
   'Sundhedsdatastyrelsen, datapakken til sundhedsklyngerne (Register for Udvalgte Kroniske Sygdomme)', 'lower-better', 5),
  ('chronic-diabetes-prevalence', 'Borgere med type 2-diabetes', 'chronic', 'rate', 100, 'pct. af indbyggerne',
   'Borgere med type 2-diabetes (tæller) i forhold til alle indbyggere (nævner) ved årets udgang.',
   'Sundhedsdatastyrelsen, Register for Udvalgte Kroniske Sygdomme', 'neutral', 6),
  ('psychiatry-acute-contacts', 'Akutte psykiatriske kontakter', 'psychiatry', 'rate', 1000, 'pr. 1.000 indbyggere',
   'Akutte kontakter i regionspsykiatrien (tæller) pr. 1.000 indbyggere (nævner) i året.',
   'Sundhedsdatastyrelsen, datapakken til sundhedsklyngerne (Landspatientregistret)', 'lower-better', 7),
  ('psychiatry-readmissions', 'Psykiatriske genindlæggelser inden for 30 dage', 'psychiatry', 'rate', 100, 'pct. af udskrivelserne',
   'Genindlæggelser i psykiatrien inden for 30 dage (tæller) i forhold til udskrivelser fra psykiatrien (nævner) i året.',
   'Sundhedsdatastyrelsen, datapakken til sundhedsklyngerne (Landspatientregistret)', 'lower-better', 8);

-- A key-figure file that passed validation and waits to be confirmed; nothing in key_figures
-- changes until it is (all or nothing).
CREATE TABLE key_figure_imports (
  id           text PRIMARY KEY,
  filename     text,
  source       text NOT NULL,
  rows         jsonb NOT NULL CHECK (jsonb_typeof(rows) = 'array'),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz
);

-- One figure in the long format. area is a municipality code ('101'), a cluster id
-- ('hovedstaden-syd') or a municipality's part of a cluster ('hovedstaden-syd:101').
-- denominator is NULL for a count.
CREATE TABLE key_figures (
  indicator_id text NOT NULL REFERENCES key_indicators (id),
  area         text NOT NULL,
  area_kind    text NOT NULL CHECK (area_kind IN ('municipality', 'cluster', 'share')),
  period       text NOT NULL CHECK (period ~ '^[0-9]{4}(K[1-4]|M(0[1-9]|1[0-2]))?$'),
  numerator    bigint NOT NULL CHECK (numerator >= 0),
  denominator  bigint CHECK (denominator > 0),
  source       text NOT NULL,
  import_id    text REFERENCES key_figure_imports (id),
  PRIMARY KEY (indicator_id, area, period)
);

-- A cluster's target for an indicator (mål for udviklingen), set by the cluster.
CREATE TABLE key_figure_targets (
  cluster_id    text NOT NULL REFERENCES clusters (id),
  indicator_id  text NOT NULL REFERENCES key_indicators (id),
  target_value  text NOT NULL,
  target_period text NOT NULL,
  note          text NOT NULL DEFAULT '',
  version       integer NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL,
  PRIMARY KEY (cluster_id, indicator_id)
);

-- A what-if allocation (scenarie): other inputs, its computed result, and the decided run it
-- was compared with. Never changes a run; promotion writes a NEW run and records it here.
CREATE TABLE allocation_scenarios (
  id              text PRIMARY KEY,
  year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  inputs          jsonb NOT NULL,
  run_inputs      jsonb NOT NULL,
  result          jsonb NOT NULL,
  decided_run_id  bigint NOT NULL REFERENCES allocation_runs (id),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  promoted_run_id bigint REFERENCES allocation_runs (id),
  promoted_by     text,
  promoted_at     timestamptz
);
CREATE INDEX allocation_scenarios_year ON allocation_scenarios (year, created_at);
