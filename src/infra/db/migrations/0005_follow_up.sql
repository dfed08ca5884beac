-- Follow-up and governance (issue 5): the governance register per cluster/SSU and year, meetings
-- with agenda, minutes versions, decisions and attachments, the evaluation guide's versioned
-- question layers, evaluations with their files, and the lineage of adopted initiatives.
-- Initiatives belong to the economy (0004).

-- Who sits on a cluster's two levels in a year (organisering). The members are a document: the
-- register is edited and versioned as a whole, and composition is checked on the whole.
CREATE TABLE cluster_governance (
  cluster_id                    text NOT NULL REFERENCES clusters (id),
  year                          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  political_level               jsonb NOT NULL CHECK (jsonb_typeof(political_level) = 'array'),
  professional_level            jsonb NOT NULL CHECK (jsonb_typeof(professional_level) = 'array'),
  region_chair_member_id        text,
  mayor_member_id               text,
  secretariat_municipality_code text REFERENCES municipalities (code),
  version                       integer NOT NULL DEFAULT 1,
  updated_at                    timestamptz NOT NULL DEFAULT now(),
  updated_by                    text NOT NULL,
  PRIMARY KEY (cluster_id, year)
);

-- The SSU (sundhedssamarbejdsudvalg) of a region in a year.
CREATE TABLE ssu_composition (
  region_code          text NOT NULL REFERENCES regions (code),
  year                 integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  members              jsonb NOT NULL CHECK (jsonb_typeof(members) = 'array'),
  chair_member_id      text,
  vice_chair_member_id text,
  version              integer NOT NULL DEFAULT 1,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  updated_by           text NOT NULL,
  PRIMARY KEY (region_code, year)
);

-- A meeting of a cluster level or an SSU. Agenda and minutes versions are documents handled by
-- the pure domain (src/core/governance/meetings.ts); approved minutes versions never change.
CREATE TABLE meetings (
  id          text PRIMARY KEY,
  body_kind   text NOT NULL CHECK (body_kind IN ('cluster-political', 'cluster-professional', 'ssu')),
  cluster_id  text REFERENCES clusters (id),
  region_code text NOT NULL REFERENCES regions (code),
  date        date NOT NULL,
  title       text NOT NULL,
  cancelled   boolean NOT NULL DEFAULT false,
  agenda      jsonb NOT NULL DEFAULT '[]'::jsonb,
  minutes     jsonb NOT NULL DEFAULT '[]'::jsonb,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  CHECK ((body_kind = 'ssu') = (cluster_id IS NULL))
);
CREATE INDEX meetings_cluster ON meetings (cluster_id, date);
CREATE INDEX meetings_region ON meetings (region_code, date);

-- Every link any minutes version of a meeting makes (decision → record), so "the decision that
-- made this record" is an index lookup; which version counts is decided by the domain.
CREATE TABLE decision_links (
  meeting_id  text NOT NULL REFERENCES meetings (id),
  decision_id text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('initiative-approval', 'extra-local-funds', 'carry-forward', 'ssu-recommendation')),
  record_id   text NOT NULL,
  PRIMARY KEY (meeting_id, decision_id, kind, record_id)
);
CREATE INDEX decision_links_record ON decision_links (kind, record_id);

-- Files: attachments of meetings and evaluations, in the database so a backup holds everything.
CREATE TABLE attachments (
  id          text PRIMARY KEY,
  owner_kind  text NOT NULL CHECK (owner_kind IN ('meeting', 'evaluation')),
  owner_id    text NOT NULL,
  file_name   text NOT NULL,
  media_type  text NOT NULL,
  size_bytes  integer NOT NULL CHECK (size_bytes > 0),
  content     bytea NOT NULL,
  -- A meeting's file may belong to one agenda item.
  agenda_item_id text,
  added_at    timestamptz NOT NULL DEFAULT now(),
  added_by    text NOT NULL,
  CHECK (octet_length(content) = size_bytes)
);
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);

-- The evaluation guide's own questions of an SSU (scope region code) or a cluster (scope cluster
-- id), one row per version; evaluations keep the composed snapshot they were answered against.
CREATE TABLE guide_layers (
  scope_kind text NOT NULL CHECK (scope_kind IN ('ssu', 'cluster')),
  scope_id   text NOT NULL,
  version    integer NOT NULL CHECK (version >= 1),
  questions  jsonb NOT NULL CHECK (jsonb_typeof(questions) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  PRIMARY KEY (scope_kind, scope_id, version)
);

-- An evaluation of an initiative; the document is the domain's Evaluation value.
CREATE TABLE evaluations (
  id            text PRIMARY KEY,
  initiative_id text NOT NULL REFERENCES initiatives (id),
  cluster_id    text NOT NULL REFERENCES clusters (id),
  region_code   text NOT NULL REFERENCES regions (code),
  status        text NOT NULL CHECK (status IN ('draft', 'submitted', 'discussed', 'decided')),
  document      jsonb NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL
);
CREATE INDEX evaluations_cluster ON evaluations (cluster_id);
CREATE INDEX evaluations_region ON evaluations (region_code, status);
CREATE INDEX evaluations_initiative ON evaluations (initiative_id);

-- Spreading (udbredelse): an initiative adopted by another cluster, and the SSU decision behind it.
CREATE TABLE adoptions (
  adopted_initiative_id text PRIMARY KEY REFERENCES initiatives (id),
  adopted_cluster_id    text NOT NULL REFERENCES clusters (id),
  origin_initiative_id  text NOT NULL REFERENCES initiatives (id),
  origin_cluster_id     text NOT NULL REFERENCES clusters (id),
  evaluation_id         text NOT NULL REFERENCES evaluations (id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  created_by            text NOT NULL,
  UNIQUE (origin_initiative_id, adopted_cluster_id)
);
