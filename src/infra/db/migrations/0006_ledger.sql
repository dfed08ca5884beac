-- The cluster economy as a ledger (issue 9).
--
-- Actuals are lines that are never changed or removed: a correction is a new line naming the line
-- it corrects (corrects_id) and carrying the difference. Each line says where it came from.
ALTER TABLE actuals ADD COLUMN source text NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'csv', 'workbook'));
UPDATE actuals SET source = 'csv' WHERE import_id IS NOT NULL;
ALTER TABLE actuals ADD COLUMN corrects_id bigint REFERENCES actuals (id);
-- SHA-256 of the imported file, so the same extract imported again is noticed and the user asked.
ALTER TABLE actuals ADD COLUMN file_hash text;
CREATE INDEX actuals_initiative ON actuals (initiative_id, period);
CREATE INDEX actuals_file_hash ON actuals (cluster_id, file_hash) WHERE file_hash IS NOT NULL;
CREATE TRIGGER actuals_append_only
  BEFORE UPDATE OR DELETE ON actuals
  FOR EACH ROW EXECUTE FUNCTION klynge_refuse_change('Et registreret forbrug kan ikke ændres eller slettes; ret det med en rettelseslinje.');
CREATE TRIGGER actuals_no_truncate
  BEFORE TRUNCATE ON actuals
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_refuse_change('Et registreret forbrug kan ikke ændres eller slettes; ret det med en rettelseslinje.');

-- Settlement runs: one cluster-year each (the year of its period). A reversal is a run of its own
-- with equal and opposite lines that names the run it reverses, with a reason; a run is reversed at
-- most once. Spending beyond the approved amount is settled only with a recorded reason.
ALTER TABLE settlement_runs ADD COLUMN year integer GENERATED ALWAYS AS (substr(period_from, 1, 4)::integer) STORED;
ALTER TABLE settlement_runs ADD COLUMN kind text NOT NULL DEFAULT 'settlement' CHECK (kind IN ('settlement', 'reversal'));
ALTER TABLE settlement_runs ADD COLUMN reverses_id bigint UNIQUE REFERENCES settlement_runs (id);
ALTER TABLE settlement_runs ADD COLUMN reason text;
ALTER TABLE settlement_runs ADD COLUMN overspend_reason text;
ALTER TABLE settlement_runs ADD CONSTRAINT settlement_runs_reversal
  CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL) AND (kind = 'settlement' OR coalesce(reason, '') <> ''));
CREATE INDEX settlement_runs_cluster_year ON settlement_runs (cluster_id, year, id);
CREATE TRIGGER settlement_runs_no_truncate
  BEFORE TRUNCATE ON settlement_runs
  FOR EACH STATEMENT EXECUTE FUNCTION klynge_refuse_change('En gemt afregning kan ikke ændres; lav en ny afregning.');
