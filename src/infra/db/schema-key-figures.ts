import type { GeneratedTimestamp, Jsonb, JsonValue, Timestamp, Version } from './column-types.ts';

/** Indicator of the key-figure catalogue (nøgletal). */
export interface KeyIndicatorsTable {
  id: string;
  name: string;
  theme: 'population' | 'vulnerable-elderly' | 'chronic' | 'psychiatry';
  kind: 'count' | 'rate';
  per: number;
  unit: string;
  definition: string;
  source: string;
  direction: 'higher-better' | 'lower-better' | 'neutral';
  position: number;
}

/** A validated key-figure file waiting to be confirmed (indlæsning af nøgletal). */
export interface KeyFigureImportsTable {
  id: string;
  filename: string | null;
  source: string;
  rows: Jsonb<JsonValue[]>;
  created_by: string;
  created_at: GeneratedTimestamp;
  confirmed_at: Timestamp | null;
}

/** One stored key figure (long format). */
export interface KeyFiguresTable {
  indicator_id: string;
  area: string;
  area_kind: 'municipality' | 'cluster' | 'share';
  period: string;
  numerator: number;
  denominator: number | null;
  source: string;
  import_id: string | null;
}

/** A cluster's target for an indicator (mål). */
export interface KeyFigureTargetsTable {
  cluster_id: string;
  indicator_id: string;
  target_value: string;
  target_period: string;
  note: string;
  version: Version;
  updated_at: GeneratedTimestamp;
  updated_by: string;
}

/** A what-if allocation (scenarie) beside a decided run. */
export interface AllocationScenariosTable {
  id: string;
  year: number;
  name: string;
  inputs: Jsonb<JsonValue>;
  run_inputs: Jsonb<JsonValue>;
  result: Jsonb<JsonValue>;
  decided_run_id: number;
  created_by: string;
  created_at: GeneratedTimestamp;
  promoted_run_id: number | null;
  promoted_by: string | null;
  promoted_at: Timestamp | null;
}

/** The tables of migration 0009 (key figures and scenarios, issue 14). */
export interface KeyFigureTables {
  key_indicators: KeyIndicatorsTable;
  key_figure_imports: KeyFigureImportsTable;
  key_figures: KeyFiguresTable;
  key_figure_targets: KeyFigureTargetsTable;
  allocation_scenarios: AllocationScenariosTable;
}
