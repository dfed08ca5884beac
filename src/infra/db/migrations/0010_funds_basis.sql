-- An economy for every cluster and member (issue 9, deliverable 5).
--
-- 1. A membership (and with it a partial population such as København's districts) is valid for
--    a span of months within its year: a municipality that joins or leaves mid-year is a member
--    from/to that month. Existing rows are members the whole year (1–12).
-- 2. The cluster's decided basis for its funds per cluster-year (grundlag for klyngens midler):
--    agreed party shares or the published Tabel 1 amounts, or back to the computed/provisional
--    default; with the decision reference and the rule for mid-year changes. Versioned (409 on a
--    stale write); every change is in the audit trail.

ALTER TABLE memberships ADD COLUMN valid_from_month smallint NOT NULL DEFAULT 1 CHECK (valid_from_month BETWEEN 1 AND 12);
ALTER TABLE memberships ADD COLUMN valid_to_month smallint NOT NULL DEFAULT 12 CHECK (valid_to_month BETWEEN 1 AND 12);
ALTER TABLE memberships ADD CONSTRAINT memberships_validity_order CHECK (valid_from_month <= valid_to_month);

CREATE TABLE cluster_funds_basis (
  cluster_id         text NOT NULL REFERENCES clusters (id),
  year               integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- 'default': the allocation run's split (or the provisional population split); 'agreed-shares':
  -- the municipal amount split by the shares the parties agreed; 'published': Tabel 1's amounts.
  kind               text NOT NULL CHECK (kind IN ('default', 'agreed-shares', 'published')),
  -- Agreed shares: municipality code -> basis as "num/den" text (never a float); null otherwise.
  shares             jsonb CHECK (shares IS NULL OR jsonb_typeof(shares) = 'object'),
  -- How a membership valid for only part of the year counts: 'months' (months of membership / 12)
  -- or 'whole-year' (counts fully).
  mid_year_rule      text NOT NULL DEFAULT 'months' CHECK (mid_year_rule IN ('months', 'whole-year')),
  decision_reference text NOT NULL CHECK (decision_reference <> ''),
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, year)
);
