import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';
import type { AuthTables } from './auth-tables.ts';
import type { KeyFigureTables } from './schema-key-figures.ts';

/**
 * The Kysely types of every table, in one place. Conventions (enforced at the driver edge, the
 * same on PGlite and the PostgreSQL server — see database.ts):
 * - `bigint` (int8) columns come back as JS numbers (safe integers; a larger value is an error),
 *   so money columns `*_ore` read straight into `Øre`.
 * - `timestamptz` comes back as `Date`; `date` as the text `YYYY-MM-DD`.
 * - `jsonb` comes back parsed; it is WRITTEN as JSON text (`toJson(value)`), because the pg driver
 *   would turn a JS array into a PostgreSQL array literal.
 */

export type { GeneratedTimestamp, Jsonb, JsonValue, NullableJsonb, Timestamp, Version } from './column-types.ts';
import type { GeneratedTimestamp, Jsonb, JsonValue, NullableJsonb, Version } from './column-types.ts';

/** Serialises a value for a jsonb column. bigint is not JSON: convert it before (e.g. fractions as "1/2"). */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Forward-only migration history (one row per applied file). */
export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: GeneratedTimestamp;
}

/** Region (region); code 1081–1085. */
export interface RegionsTable {
  code: string;
  name: string;
}

/** Municipality (kommune); 3-digit code. */
export interface MunicipalitiesTable {
  code: string;
  name: string;
  region_code: string;
}

/** Health cluster (sundhedsklynge); stable text id, e.g. `hovedstaden-syd`. */
export interface ClustersTable {
  id: string;
  region_code: string;
  name: string;
  /** Order of the cluster within Bilag 1 Tabel 1 (rækkefølge). */
  position: number;
}

/** A distribution basis as stored in jsonb (weights as "num/den" text, never a float). */
export type StoredBasis =
  | { kind: 'full' }
  | { kind: 'partial'; population: number; label: string }
  | { kind: 'remainder' }
  | { kind: 'weight'; weight: string }
  | { kind: 'none' };

/** Membership (deltagelse) of a municipality in a cluster for a year. Editable: carries a version. */
export interface MembershipsTable {
  id: Generated<number>;
  year: number;
  cluster_id: string;
  municipality_code: string;
  political: boolean;
  administrative: boolean;
  /** Basis for the common funds (fælles midler). */
  common_funds_basis: Jsonb<StoredBasis>;
  /** Basis for the secretariat cost (sekretariatsbetjening). */
  secretariat_basis: Jsonb<StoredBasis>;
  /** Tabel 2 footnote mark: '', '*', '**', '***'. */
  mark: string;
  note: string;
  version: Version;
  updated_at: GeneratedTimestamp;
  updated_by: string;
  /** First month (1–12) of the year the membership is valid (gyldig fra måned; 0010). */
  valid_from_month: ColumnType<number, number | undefined, number>;
  /** Last month (1–12) of the year the membership is valid (gyldig til måned; 0010). */
  valid_to_month: ColumnType<number, number | undefined, number>;
}

/** Population period (befolkningsperiode), e.g. 2022K1, with where its figures come from. */
export interface PopulationPeriodsTable {
  period: string;
  source: string;
  imported_by: string;
  imported_at: GeneratedTimestamp;
  version: Version;
}

/** Population figure (indbyggertal) of one municipality in one period. */
export interface PopulationFiguresTable {
  period: string;
  municipality_code: string;
  population: number;
  /** Where the figure comes from (0003). */
  source: ColumnType<string, string | undefined, string>;
}

/** A cluster's population for a period where municipal figures are incomplete (0003). */
export interface ClusterPopulationTable {
  period: string;
  cluster_id: string;
  population: number;
  source: string;
}

/** A validated FOLK1A upload waiting for confirmation (0003); figures: municipality code → population. */
export interface PopulationImportsTable {
  id: string;
  period: string;
  source: string;
  figures: Jsonb<Record<string, number>>;
  created_by: string;
  created_at: GeneratedTimestamp;
  confirmed_at: Date | null;
}

/** The regional key of a model: amounts in øre per region code, or shares as "num/den" text. */
export type StoredRegionalKey =
  | { kind: 'amounts'; values: Record<string, number> }
  | { kind: 'shares'; values: Record<string, string> };

/** Allocation model (fordelingsmodel) of one year. Editable: carries a version. */
export interface AllocationModelsTable {
  year: number;
  municipal_total_ore: number;
  regional_total_ore: number;
  regional_key: Jsonb<StoredRegionalKey>;
  regional_key_source: string;
  population_period: string;
  /** Rounding unit of the published table: 'krone' or 'øre'. */
  unit: string;
  regional_key_assumption: ColumnType<boolean, boolean | undefined, boolean>;
  population_period_source: ColumnType<string, string | undefined, string>;
  version: Version;
  updated_at: GeneratedTimestamp;
  updated_by: string;
}

/** Allocation run (fordelingskørsel): an immutable record of inputs and result. Corrections are new runs. */
export interface AllocationRunsTable {
  id: Generated<number>;
  year: number;
  inputs: Jsonb<JsonValue>;
  result: Jsonb<JsonValue>;
  /** The run this one corrects, if any. */
  corrects_run_id: number | null;
  note: string;
  created_by: string;
  created_at: GeneratedTimestamp;
}

/** Audit trail (revisionsspor): append-only; the database refuses UPDATE, DELETE and TRUNCATE. */
export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  before: NullableJsonb<JsonValue>;
  after: NullableJsonb<JsonValue>;
}

/** Revisionssporets hashkæde: one link per audit_log row, in commit order (migration 0011). */
export interface AuditChainTable {
  seq: number;
  audit_id: number;
  prev_hash: string;
  row_hash: string;
}

/** The tables of migration 0001 (domain). */
export interface DomainTables {
  schema_migrations: SchemaMigrationsTable;
  regions: RegionsTable;
  municipalities: MunicipalitiesTable;
  clusters: ClustersTable;
  memberships: MembershipsTable;
  population_periods: PopulationPeriodsTable;
  population_figures: PopulationFiguresTable;
  allocation_models: AllocationModelsTable;
  allocation_runs: AllocationRunsTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  cluster_population: ClusterPopulationTable;
  population_imports: PopulationImportsTable;
}

/** A chart of accounts' posting set-up (konteringsopsætning), one row per chart (migration 0007). */
export interface PostingChartsTable {
  account_system: string;
  name: string;
  default_function: string;
  dranst: string;
  version: Version;
  updated_by: string;
  updated_at: GeneratedTimestamp;
}

/** The art a kind of posting line (purpose) gets in a chart of accounts. */
export interface PostingChartArtsTable {
  account_system: string;
  purpose: string;
  art: string;
  art_text: string;
  note: string;
  confirmed: boolean;
}

/** Initiative (indsats) of a cluster; `data` is the domain core's Initiative (see src/app/economy/codec.ts). */
export interface InitiativesTable {
  id: string;
  cluster_id: string;
  title: string;
  status: string;
  target_group: string;
  start_period: string;
  end_period: string;
  origin_initiative_id: string | null;
  /** Indsatsnummer: 1, 2, 3 … per cluster in order of creation (migration 0007). */
  number: number;
  data: Jsonb<JsonValue>;
  version: Version;
  created_by: string;
  created_at: GeneratedTimestamp;
  updated_by: string;
  updated_at: GeneratedTimestamp;
}

/** Extra local funds (lokale midler) a party adds to a cluster-year. */
export interface ExtraLocalFundsTable {
  id: Generated<number>;
  cluster_id: string;
  year: number;
  party: string;
  amount_ore: number;
  decision_reference: string;
  created_by: string;
  created_at: GeneratedTimestamp;
}

/** Actual spending (faktisk forbrug) per initiative, party and month. */
export interface ActualsTable {
  id: Generated<number>;
  cluster_id: string;
  initiative_id: string;
  party: string;
  period: string;
  amount_ore: number;
  category: string;
  funding: string;
  text: string;
  import_id: string | null;
  /** Where the line came from: typed in, a CSV ledger extract or the workbook (migration 0006). */
  source: Generated<'typed' | 'csv' | 'workbook'>;
  /** The line this one corrects (a correcting line carries the difference); null for an original line. */
  corrects_id: number | null;
  /** SHA-256 of the file the line was imported from (CSV extracts). */
  file_hash: Generated<string | null>;
  created_by: string;
  created_at: GeneratedTimestamp;
}

/** A cluster-year open or closed (årsafslutning), with its closing. */
export interface ClusterYearsTable {
  cluster_id: string;
  year: number;
  status: string;
  closing: NullableJsonb<JsonValue>;
  version: Version;
  updated_by: string;
  updated_at: GeneratedTimestamp;
}

/** Commitment to room under the expenditure ceiling (tilsagn om råderum under udgiftsloftet). */
export interface CeilingCommitmentsTable {
  cluster_id: string;
  year: number;
  party: string;
  amount_ore: number;
  recorded_by: string;
  recorded_at: GeneratedTimestamp;
}

/** Settlement run (afregning) of a period: immutable. */
export interface SettlementRunsTable {
  id: Generated<number>;
  cluster_id: string;
  period_from: string;
  period_to: string;
  /** The cluster-year, from period_from (generated). */
  year: GeneratedAlways<number>;
  kind: Generated<'settlement' | 'reversal'>;
  /** For a reversal: the run it reverses (each run is reversed at most once). */
  reverses_id: number | null;
  /** Why a run was reversed. */
  reason: string | null;
  /** Why spending beyond the approved amount was settled (confirmed by the user). */
  overspend_reason: string | null;
  result: Jsonb<JsonValue>;
  created_by: string;
  created_at: GeneratedTimestamp;
}

/** The tables of migration 0004 (economy). */
export interface EconomyTables {
  initiatives: InitiativesTable;
  extra_local_funds: ExtraLocalFundsTable;
  actuals: ActualsTable;
  cluster_years: ClusterYearsTable;
  ceiling_commitments: CeilingCommitmentsTable;
  settlement_runs: SettlementRunsTable;
  posting_charts: PostingChartsTable;
  posting_chart_arts: PostingChartArtsTable;
}

/** Governance register of a cluster-year (organisering); members as the domain's Member values. */
export interface ClusterGovernanceTable {
  cluster_id: string;
  year: number;
  political_level: Jsonb<JsonValue>;
  professional_level: Jsonb<JsonValue>;
  region_chair_member_id: string | null;
  mayor_member_id: string | null;
  secretariat_municipality_code: string | null;
  version: Version;
  updated_at: GeneratedTimestamp;
  updated_by: string;
}

/** The SSU (sundhedssamarbejdsudvalg) of a region-year. */
export interface SsuCompositionTable {
  region_code: string;
  year: number;
  members: Jsonb<JsonValue>;
  chair_member_id: string | null;
  vice_chair_member_id: string | null;
  version: Version;
  updated_at: GeneratedTimestamp;
  updated_by: string;
}

/** Meeting (møde) of a cluster level or an SSU; agenda and minutes versions as the domain's values. */
export interface MeetingsTable {
  id: string;
  body_kind: string;
  cluster_id: string | null;
  region_code: string;
  date: string;
  title: string;
  cancelled: ColumnType<boolean, boolean | undefined, boolean>;
  agenda: Jsonb<JsonValue>;
  minutes: Jsonb<JsonValue>;
  version: Version;
  created_at: GeneratedTimestamp;
  created_by: string;
  updated_at: GeneratedTimestamp;
  updated_by: string;
}

/** decision → record links of every minutes version (index for "the decision that made this"). */
export interface DecisionLinksTable {
  meeting_id: string;
  decision_id: string;
  kind: string;
  record_id: string;
}

/** An attached file (bilag) of a meeting or an evaluation. */
export interface AttachmentsTable {
  id: string;
  owner_kind: string;
  owner_id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
  agenda_item_id: ColumnType<string | null, string | null | undefined, string | null>;
  added_at: GeneratedTimestamp;
  added_by: string;
  /** Removed (fjernet) from its owner: hidden, content kept (0012). */
  removed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  removed_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One version of an SSU's or a cluster's own evaluation questions. */
export interface GuideLayersTable {
  scope_kind: string;
  scope_id: string;
  version: number;
  questions: Jsonb<JsonValue>;
  /** 0008: which standard questions the layer requires (standard key → required). */
  standard_required: ColumnType<JsonValue, string | undefined, string>;
  created_at: GeneratedTimestamp;
  created_by: string;
}

/** Evaluation (evaluering) of an initiative; `document` is the domain's Evaluation. */
export interface EvaluationsTable {
  id: string;
  initiative_id: string;
  cluster_id: string;
  region_code: string;
  status: string;
  document: Jsonb<JsonValue>;
  version: Version;
  created_at: GeneratedTimestamp;
  created_by: string;
  updated_at: GeneratedTimestamp;
  updated_by: string;
}

/** Adoption (udbredelse) of a recommended initiative by another cluster. */
export interface AdoptionsTable {
  adopted_initiative_id: string;
  adopted_cluster_id: string;
  origin_initiative_id: string;
  origin_cluster_id: string;
  evaluation_id: string;
  created_at: GeneratedTimestamp;
  created_by: string;
}

/** The tables of migration 0005 (follow-up and governance). */
export interface FollowUpTables {
  cluster_governance: ClusterGovernanceTable;
  ssu_composition: SsuCompositionTable;
  meetings: MeetingsTable;
  decision_links: DecisionLinksTable;
  attachments: AttachmentsTable;
  guide_layers: GuideLayersTable;
  evaluations: EvaluationsTable;
  adoptions: AdoptionsTable;
}

/** The cluster's decided basis for its funds in a year (grundlag for klyngens midler, 0010). */
export interface ClusterFundsBasisTable {
  cluster_id: string;
  year: number;
  /** 'default' | 'agreed-shares' | 'published' */
  kind: string;
  /** Agreed shares: municipality code → basis as "num/den" text. */
  shares: NullableJsonb<Record<string, string>>;
  /** 'months' | 'whole-year' */
  mid_year_rule: string;
  decision_reference: string;
  version: Version;
  updated_by: string;
  updated_at: GeneratedTimestamp;
}

/** The tables of migration 0010 (funds basis). */
export interface FundsBasisTables {
  cluster_funds_basis: ClusterFundsBasisTable;
}

/** Secretariat co-financing (objektiv medfinansiering) decided per cluster-year (0008). */
export interface SecretariatCofinancingTable {
  cluster_id: string;
  year: number;
  cost_ore: number;
  population_period: string;
  decision_reference: string;
  decided_on: ColumnType<string, string, string>;
  result: Jsonb<JsonValue>;
  version: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by: string;
}

export interface CofinancingTables {
  secretariat_cofinancing: SecretariatCofinancingTable;
}

/** The whole database: add the tables of a new migration here (0002: auth, 0004: economy, 0005: follow-up, 0008: co-financing, 0009: key figures, 0010: funds basis). */
export interface Schema extends DomainTables, AuthTables, EconomyTables, FollowUpTables, CofinancingTables, KeyFigureTables, FundsBasisTables {}

export type MembershipRow = Selectable<MembershipsTable>;
export type NewMembershipRow = Insertable<MembershipsTable>;
export type AllocationRunRow = Selectable<AllocationRunsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
