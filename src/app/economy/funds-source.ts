import type { Kysely } from 'kysely';
import { fundsBasis, type FundsBasis, type FundsDecision, type FundsMember, type MidYearRule, type PopulationKey, type RunAmounts } from '../../core/economy/funds-basis.ts';
import type { EconomyParty } from '../../core/economy/parties.ts';
import { DomainError, NotFoundError } from '../../core/errors.ts';
import { formatKr, kroner, ore } from '../../core/money.ts';
import * as Q from '../../core/rational.ts';
import type { Rational } from '../../core/rational.ts';
import { basisNeedsPopulation, membershipBasis, type TabelMark } from '../../core/register.ts';
import { publishedTabel1 } from '../allocation/index.ts';
import { immutableCache } from '../../infra/db/data-version.ts';
import { type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { readTable, referenceInteger } from '../register/index.ts';
import { registerFromDb, registerYearsInDb } from '../register/index.ts';
import { z } from 'zod';
import { parseStored } from '../../infra/db/stored-json.ts';

/**
 * Where a cluster's funds per party come from, read from the database (issue 9, deliverable 5):
 * the cluster's parties (every member, also Tabel 2 ** and ***, and its region) and, per register
 * year, the funds basis — the latest allocation run, the cluster's decision (agreed shares,
 * published Tabel 1, or the default), memberships' validity in months, and for a run that used
 * the cluster's total population the latest complete municipal population for a provisional
 * split. The rules are pure (src/core/economy/funds-basis.ts); this module only gathers inputs.
 * Takes any Kysely<Schema>, so a caller's transaction can be passed in.
 */

/** The complete municipal population bundled in reference/ (FOLK1A 2020K1, all 98 municipalities). */
const BUNDLED_COMPLETE = {
  period: '2020K1',
  file: 'population/folk1a-2020k1.csv',
  source: 'FOLK1A 2020K1 (1. januar 2020), alle 98 kommuner: Statens Serum Instituts kommunetabel (kolonnen "Befolkningstal"), se reference/README.md',
} as const;

let bundledComplete: ReadonlyMap<string, number> | null = null;

function bundledCompletePopulation(): ReadonlyMap<string, number> {
  bundledComplete ??= new Map(readTable(BUNDLED_COMPLETE.file).map(({ line, row }) => [row['kommunekode'] ?? '', referenceInteger(BUNDLED_COMPLETE.file, line, row['population'] ?? '')]));
  return bundledComplete;
}

/** What the funds basis reads of a stored allocation run's result (`allocation_runs.result`). */
const storedRunResult = z.object({
  populationPeriod: z.string().optional(),
  regions: z.array(
    z.object({
      regionCode: z.string(),
      clusters: z.array(
        z.object({
          clusterId: z.string(),
          regionalOre: z.number().int(),
          municipalOre: z.number().int(),
          populationSource: z.string(),
          explanations: z.object({ municipal: z.object({ text: z.string().optional() }).optional() }).optional(),
        }),
      ),
    }),
  ),
  municipalities: z.array(z.object({ code: z.string(), byCluster: z.array(z.object({ clusterId: z.string(), amountOre: z.number().int() })) })),
});
type StoredRunResult = z.infer<typeof storedRunResult>;

interface MemberRow {
  id: number;
  year: number;
  code: string;
  name: string;
  mark: string;
  basisKind: string;
  fromMonth: number;
  toMonth: number;
  version: number;
}

export interface FundsSource {
  clusterId: string;
  clusterName: string;
  regionCode: string;
  regionName: string;
  /** Every member of the cluster in any year (contributing or not), then its region. */
  parties: EconomyParty[];
  /** One basis per register year, in year order. */
  years: FundsBasis[];
  /** Every register year (also those not loaded), e.g. for the screen's year picker. */
  registerYears: number[];
}

const markOf = (text: string): TabelMark => (text === '*' || text === '**' || text === '***' ? text : '');
const ruleOf = (text: string): MidYearRule => (text === 'whole-year' ? 'whole-year' : 'months');

export async function clusterRow(db: Kysely<Schema>, clusterId: string): Promise<{ id: string; name: string; region_code: string; region_name: string }> {
  const cluster = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'clusters.region_code', 'regions.name as region_name']).where('clusters.id', '=', clusterId).executeTakeFirst();
  if (!cluster) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
  return cluster;
}

export async function memberRows(db: Kysely<Schema>, clusterId: string): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('municipalities', 'municipalities.code', 'memberships.municipality_code')
    .select(['memberships.id', 'memberships.year', 'memberships.municipality_code', 'municipalities.name', 'memberships.mark', 'memberships.common_funds_basis', 'memberships.valid_from_month', 'memberships.valid_to_month', 'memberships.version'])
    .where('memberships.cluster_id', '=', clusterId)
    .orderBy('memberships.id')
    .execute();
  return rows.map((r) => ({ id: r.id, year: r.year, code: r.municipality_code, name: r.name, mark: r.mark, basisKind: r.common_funds_basis.kind, fromMonth: r.valid_from_month, toMonth: r.valid_to_month, version: r.version }));
}

async function runAmounts(db: Kysely<Schema>, clusterId: string, year: number): Promise<RunAmounts | null> {
  // Runs are immutable: the latest run's id is read, its (large) result only the first time.
  const latest = await db.selectFrom('allocation_runs').select('id').where('year', '=', year).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!latest) return null;
  const cache = immutableCache<StoredRunResult>(db, 'allocation-run-result');
  let result = cache.get(String(latest.id));
  if (result === undefined) {
    const row = await db.selectFrom('allocation_runs').select('result').where('id', '=', latest.id).executeTakeFirstOrThrow();
    result = parseStored(storedRunResult, row.result, { table: 'allocation_runs', column: 'result', id: latest.id });
    cache.set(String(latest.id), result);
  }
  const run = { id: latest.id };
  const c = result.regions.flatMap((r) => r.clusters).find((x) => x.clusterId === clusterId);
  if (!c) return null;
  return {
    runId: String(run.id),
    populationPeriod: result.populationPeriod ?? '',
    populationSource: c.populationSource === 'cluster-level' ? 'cluster-level' : 'municipal',
    populationText: c.explanations?.municipal?.text ?? `befolkningstal ${result.populationPeriod ?? ''}`,
    municipal: ore(c.municipalOre),
    regional: ore(c.regionalOre),
    byMunicipality: result.municipalities.flatMap((m) => m.byCluster.filter((b) => b.clusterId === clusterId).map((b) => ({ code: m.code, amount: ore(b.amountOre) }))),
  };
}

/**
 * The latest complete municipal population for the cluster's contributing members: an imported
 * period in the database (not later than the run's period) where every needed figure is there,
 * else the complete FOLK1A 2020K1 bundled in reference/. Bases follow the memberships (partial
 * districts, remainder, weight) exactly as the allocation does.
 */
async function provisionalKey(db: Kysely<Schema>, clusterId: string, year: number, upTo: string): Promise<PopulationKey> {
  const register = await registerFromDb(db, year);
  const contributing = register.memberships.filter((m) => m.clusterId === clusterId && m.basis['common-funds'].kind !== 'none');
  const needed = new Set(contributing.filter((m) => basisNeedsPopulation(m.basis['common-funds'])).map((m) => m.municipalityCode));
  // A remainder needs the whole municipality's figure; so does every municipality with a partial elsewhere.
  const figures = needed.size === 0 ? [] : await db.selectFrom('population_figures').select(['period', 'municipality_code', 'population']).where('municipality_code', 'in', [...needed]).where('period', '<=', upTo).execute();
  const periods = [...new Set(figures.map((f) => f.period))].filter((p) => figures.filter((f) => f.period === p).length === needed.size).sort();
  const dbPeriod = periods.at(-1);
  let period: string = BUNDLED_COMPLETE.period;
  let source: string = BUNDLED_COMPLETE.source;
  let population: ReadonlyMap<string, number> = bundledCompletePopulation();
  if (dbPeriod !== undefined && dbPeriod > BUNDLED_COMPLETE.period) {
    const p = await db.selectFrom('population_periods').select('source').where('period', '=', dbPeriod).executeTakeFirst();
    period = dbPeriod;
    source = `FOLK1A ${dbPeriod} i databasen (${p?.source ?? 'importeret'})`;
    population = new Map(figures.filter((f) => f.period === dbPeriod).map((f) => [f.municipality_code, f.population]));
  }
  const bases = new Map<string, Rational>();
  for (const m of contributing) bases.set(m.municipalityCode, membershipBasis(register, m, 'common-funds', population.get(m.municipalityCode)));
  return { period, source, bases };
}

async function decisionOf(db: Kysely<Schema>, clusterId: string, year: number): Promise<{ decision: FundsDecision | null; version: number; updatedBy: string | null; updatedAt: string | null }> {
  const row = await db.selectFrom('cluster_funds_basis').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).executeTakeFirst();
  if (!row) return { decision: null, version: 0, updatedBy: null, updatedAt: null };
  const meta = { version: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at.toISOString() };
  const common = { midYearRule: ruleOf(row.mid_year_rule), decisionReference: row.decision_reference };
  if (row.kind === 'agreed-shares') {
    return { ...meta, decision: { kind: 'agreed-shares', ...common, shares: Object.entries(row.shares ?? {}).map(([party, basis]) => ({ party, basis: Q.parseDecimal(basis) })) } };
  }
  if (row.kind === 'published') return { ...meta, decision: { kind: 'published', ...common, ...publishedAmounts(clusterId, year) } };
  return { ...meta, decision: { kind: 'default', ...common } };
}

/** The cluster's amounts in the published Tabel 1 of the year (reference/published/). */
export function publishedAmounts(clusterId: string, year: number): { municipal: ReturnType<typeof kroner>; regional: ReturnType<typeof kroner>; source: string } {
  const row = publishedTabel1(year).find((r) => r.level === 'cluster' && r.id === clusterId);
  if (!row) throw new DomainError('published.row-missing', `Tabel 1 for ${String(year)} har ingen række for klyngen.`);
  // Some printed rows do not add up (each cell rounded on its own): the parts are adopted, and the row says so.
  const printed = row.totalKr === row.municipalKr + row.regionalKr ? '' : `; rækkens "I alt" er trykt som ${formatKr(kroner(row.totalKr))}, men Kommuner + Region giver ${formatKr(kroner(row.municipalKr + row.regionalKr))}, som bruges`;
  return { municipal: kroner(row.municipalKr), regional: kroner(row.regionalKr), source: `Bilag 1, Tabel 1 ${String(year)} (seed 000), reference/published/bilag1-tabel1-${String(year)}.csv${printed}` };
}

function fundsMembers(rows: readonly MemberRow[], year: number): FundsMember[] {
  return rows.filter((r) => r.year === year).map((r) => ({ code: r.code, name: r.name, mark: markOf(r.mark), contributes: r.basisKind !== 'none', fromMonth: r.fromMonth, toMonth: r.toMonth }));
}

export async function basisFor(db: Kysely<Schema>, cluster: { id: string; name: string; region_code: string; region_name: string }, members: readonly MemberRow[], year: number, decision: FundsDecision | null): Promise<FundsBasis> {
  const run = await runAmounts(db, cluster.id, year);
  const key = run?.populationSource === 'cluster-level' ? await provisionalKey(db, cluster.id, year, run.populationPeriod) : null;
  return fundsBasis({ year, clusterName: cluster.name, region: { code: cluster.region_code, name: cluster.region_name }, members: fundsMembers(members, year), run, provisionalKey: key, decision });
}

/** The cluster's parties and each register year's funds basis. */
export async function loadFundsSource(db: Kysely<Schema>, clusterId: string, onlyYears?: readonly number[]): Promise<FundsSource> {
  const cluster = await clusterRow(db, clusterId);
  const [allYears, members] = await Promise.all([registerYearsInDb(db), memberRows(db, clusterId)]);
  // A cluster-year's view or write reads only its own years' bases (each reads a whole allocation run).
  const years = onlyYears === undefined ? allYears : allYears.filter((y) => onlyYears.includes(y));
  const parties: EconomyParty[] = [];
  for (const m of members) if (!parties.some((p) => p.id === m.code)) parties.push({ id: m.code, name: m.name, kind: 'municipality' });
  parties.push({ id: cluster.region_code, name: cluster.region_name, kind: 'region' });
  const bases: FundsBasis[] = [];
  for (const year of years) {
    const { decision } = await decisionOf(db, clusterId, year);
    try {
      bases.push(await basisFor(db, cluster, members, year, decision));
    } catch (e) {
      if (!(e instanceof DomainError) || decision === null || decision.kind === 'default') throw e;
      // Never fall back silently to other amounts: the cluster must decide again.
      throw new DomainError('funds-basis.stale-decision', `${cluster.name}: klyngens beslutning om midlerne i ${String(year)} (${decision.decisionReference}) passer ikke længere til medlemmerne: ${e.message} Registrér en ny beslutning under "Grundlag for klyngens midler".`);
    }
  }
  return { clusterId, clusterName: cluster.name, regionCode: cluster.region_code, regionName: cluster.region_name, parties, years: bases, registerYears: allYears };
}

/** What the secretariat sees of a cluster-year's funds basis, and what it can decide. */
export async function fundsBasisView(db: Kysely<Schema>, clusterId: string, year: number): Promise<JsonValue> {
  const cluster = await clusterRow(db, clusterId);
  const members = await memberRows(db, clusterId);
  if (!members.some((m) => m.year === year)) throw new DomainError('economy.no-year', `${cluster.name} har intet register for ${String(year)}.`);
  const d = await decisionOf(db, clusterId, year);
  let basis: FundsBasis;
  let stale: string | null = null;
  try {
    basis = await basisFor(db, cluster, members, year, d.decision);
  } catch (e) {
    // A recorded decision that no longer fits the members (e.g. a new contributor without a share):
    // show the default with why, so the secretariat can record a new decision over this version.
    if (!(e instanceof DomainError) || d.decision === null || d.decision.kind === 'default') throw e;
    stale = `Klyngens registrerede beslutning (${d.decision.decisionReference}) kan ikke længere bruges: ${e.message} Registrér en ny beslutning.`;
    basis = await basisFor(db, cluster, members, year, null);
  }
  let published: JsonValue = null;
  if (basis.runId !== null) {
    try {
      const amounts = publishedAmounts(clusterId, year);
      const preview = await basisFor(db, cluster, members, year, { kind: 'published', ...amounts, midYearRule: basis.midYearRule, decisionReference: '(forhåndsvisning)' });
      published = { source: amounts.source, municipalOre: amounts.municipal, regionalOre: amounts.regional, totalOre: preview.allocated, rows: preview.rows.map((r) => ({ party: r.party, name: r.name, amountOre: r.amount, computedOre: r.computed, deviationOre: r.deviation })) };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  const state = await db.selectFrom('cluster_years').select('status').where('cluster_id', '=', clusterId).where('year', '=', year).executeTakeFirst();
  return {
    clusterId,
    cluster: cluster.name,
    year,
    version: d.version,
    updatedBy: d.updatedBy,
    updatedAt: d.updatedAt,
    decisionKind: d.decision?.kind ?? null,
    closed: state?.status === 'closed',
    status: basis.status,
    label: basis.label,
    explanation: basis.explanation,
    warnings: stale === null ? [...basis.warnings] : [stale, ...basis.warnings],
    midYearRule: basis.midYearRule,
    decisionReference: basis.decisionReference,
    runId: basis.runId,
    allocatedOre: basis.allocated,
    computedTotalOre: basis.computedTotal,
    municipalOre: basis.municipal,
    regionalOre: basis.regional,
    rows: basis.rows.map((r) => ({
      party: r.party,
      name: r.name,
      kind: r.kind,
      mark: r.mark,
      contributes: r.contributes,
      fromMonth: r.fromMonth,
      toMonth: r.toMonth,
      months: r.months,
      amountOre: r.amount,
      computedOre: r.computed,
      deviationOre: r.deviation,
      basisText: r.basisText,
      explanation: r.explanation,
    })),
    members: members.filter((m) => m.year === year).map((m) => ({ municipalityCode: m.code, name: m.name, mark: m.mark, contributes: m.basisKind !== 'none', fromMonth: m.fromMonth, toMonth: m.toMonth, version: m.version })),
    published,
  };
}
