import type { Kysely } from 'kysely';
import type { AllocationModel, AllocationPopulation, AllocationResult, ClusterAllocation } from '../../core/allocation.ts';
import { TIE_BREAK_RULE, explainRow, type Distribution, type DistributionRow } from '../../core/distribution.ts';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import * as Q from '../../core/rational.ts';
import type { Rational } from '../../core/rational.ts';
import { formatBasis, type Register } from '../../core/register.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type AllocationRunRow, type JsonValue, type Schema, type StoredRegionalKey } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { cachedByDataVersion, immutableCache } from '../../infra/db/data-version.ts';
import { registerFromDb, storedBasis } from '../register/index.ts';
import { allocationFromSources, type AllocationInputs } from './service.ts';
import { now } from '../../infra/clock.ts';

/** A rational as JSON: exact, as decimal strings of numerator and denominator. */
const fraction = (r: Rational): { num: string; den: string } => ({ num: r.num.toString(), den: r.den.toString() });
/** A display decimal for JSON: dot as separator (the UI formats it Danish). */
const jsonDecimal = (r: Rational, digits: number): string => Q.toDecimalString(r, digits).replace(',', '.');
const perKr = (r: Rational): string => jsonDecimal(r, 4);

/** How one figure of a split came about (a type alias, so it is also a JSON record). */
export type RowExplanation = {
  amountOre: number;
  basis: { num: string; den: string };
  totalBasis: { num: string; den: string };
  share: { num: string; den: string };
  exactQuotient: string;
  floorUnits: number;
  receivedRemainderUnit: boolean;
  remainderRank: number;
  rule: string;
  text: string;
};

/**
 * The basis, share, exact quotient and rounding of one row of a split — the figure explains itself.
 * NB: where a caller spreads it after its own `text` (widened to a record below), the row's text
 * wins, as it always has: the caller's text is not shown.
 */
export function rowExplanation(row: DistributionRow, d: Distribution): RowExplanation {
  return {
    amountOre: row.amount,
    basis: fraction(row.basis),
    totalBasis: fraction(d.totalBasis),
    share: fraction(row.shareOfTotal),
    exactQuotient: jsonDecimal(row.exactQuotient, 6),
    floorUnits: Number(row.floorUnits),
    receivedRemainderUnit: row.receivedRemainderUnit,
    remainderRank: row.remainderRank,
    rule: TIE_BREAK_RULE,
    text: explainRow(row, d),
  };
}

function clusterJson(c: ClusterAllocation, result: AllocationResult, regionDistribution: Distribution, regionalText = 'Regionens beløb fordelt på dens klynger efter befolkningstal.'): Record<string, JsonValue> {
  const population = c.population.den === 1n ? Number(c.population.num) : jsonDecimal(c.population, 2);
  const municipal: Record<string, JsonValue> =
    c.contributions.length > 0
      ? {
          text: `Summen af medlemskommunernes bidrag; hver kommunes bidrag er dens andel af kommunernes samlede beløb efter befolkningstal (${result.populationPeriod}).`,
          amountOre: c.municipal,
          rows: c.contributions.map((m) => ({ municipality: `${m.municipalityCode} ${m.municipality}`, ...rowExplanation(m.row, result.municipalDistribution) })),
        }
      : {
          text: `Klyngens samlede befolkningstal er brugt, fordi ikke alle medlemskommuners tal kendes. Kilde: ${c.populationSource.source}`,
          ...(c.municipalRows[0] ? rowExplanation(c.municipalRows[0], result.municipalDistribution) : {}),
        };
  return {
    clusterId: c.clusterId,
    cluster: c.name,
    population,
    populationSource: c.populationSource.kind,
    municipalOre: c.municipal,
    regionalOre: c.regional,
    totalOre: c.total,
    perInhabitantKr: perKr(Q.add(c.municipalPerInhabitant, c.regionalPerInhabitant)),
    explanations: {
      municipal,
      regional: { text: regionalText, ...(rowExplanation(c.regionalRow, regionDistribution) as Record<string, JsonValue>) },
      total: { text: 'Kommuner + Region', municipalOre: c.municipal, regionalOre: c.regional, amountOre: c.total },
    },
  };
}

/** The stored result of a run: the table with every figure's explanation (integer øre throughout). */
/** What the stored result names of the model: the regional key's source and any agreed splits. */
type ModelSources = { readonly regionalKey: { readonly source: string }; readonly regionalSplits?: readonly { readonly regionCode: string; readonly source: string }[] | undefined };

export function allocationResultJson(result: AllocationResult, model: ModelSources): Record<string, JsonValue> {
  const population = result.regions.reduce((s, r) => Q.add(s, r.population), Q.fromInteger(0));
  return {
    year: result.year,
    unit: result.unit,
    populationPeriod: result.populationPeriod,
    municipalTotalOre: result.municipalTotal,
    regionalTotalOre: result.regionalTotal,
    totalOre: result.total,
    totals: {
      municipalOre: result.municipalTotal,
      regionalOre: result.regionalTotal,
      totalOre: result.total,
      population: population.den === 1n ? Number(population.num) : jsonDecimal(population, 2),
      perInhabitantKr: Q.isZero(population) ? null : perKr(Q.div(Q.fromInteger(result.total), Q.mul(population, Q.fromInteger(100)))),
    },
    regions: result.regions.map((r) => ({
      regionCode: r.regionCode,
      region: r.name,
      municipalOre: r.municipal,
      regionalOre: r.regional,
      totalOre: r.total,
      population: r.population.den === 1n ? Number(r.population.num) : jsonDecimal(r.population, 2),
      perInhabitantKr: perKr(Q.add(r.municipalPerInhabitant, r.regionalPerInhabitant)),
      explanations: {
        municipal: { text: 'Summen af regionens klyngers kommunale beløb.', amountOre: r.municipal },
        regional: r.keyRow
          ? { text: `Regionernes beløb fordelt efter nøglen: ${model.regionalKey.source}`, ...(rowExplanation(r.keyRow, result.regionalKeyDistribution ?? r.distribution) as Record<string, JsonValue>) }
          : { text: `Regionens andel efter nøglen: ${model.regionalKey.source}`, amountOre: r.regional },
        total: { text: 'Kommuner + Region', municipalOre: r.municipal, regionalOre: r.regional, amountOre: r.total },
      },
      clusters: r.clusters.map((c) => {
        const agreed = model.regionalSplits?.find((s) => s.regionCode === r.regionCode);
        return clusterJson(c, result, r.distribution, ...(agreed ? [`Regionens beløb fordelt på dens klynger efter en aftalt fordeling: ${agreed.source}`] : []));
      }),
    })),
    municipalities: result.municipalities.map((m) => ({
      code: m.code,
      name: m.name,
      population: m.population,
      totalOre: m.total,
      perInhabitantKr: perKr(m.perInhabitant),
      byCluster: m.byCluster.map((b) => ({ clusterId: b.clusterId, amountOre: b.amount })),
    })),
  };
}

/** The model of a year as the database holds it. */
export async function modelFromDb(db: Kysely<Schema>, year: number): Promise<AllocationModel> {
  const m = await db.selectFrom('allocation_models').selectAll().where('year', '=', year).executeTakeFirst();
  if (!m) throw new NotFoundError('allocation.model-not-found', `Der er ingen fordelingsmodel for ${String(year)}.`, { year });
  const k = m.regional_key;
  return {
    year,
    municipalTotal: ore(m.municipal_total_ore),
    regionalTotal: ore(m.regional_total_ore),
    regionalKey:
      k.kind === 'amounts'
        ? { kind: 'amounts', entries: Object.entries(k.values).map(([regionCode, v]) => ({ regionCode, amount: ore(v) })), source: m.regional_key_source, assumption: m.regional_key_assumption }
        : { kind: 'shares', entries: Object.entries(k.values).map(([regionCode, v]) => ({ regionCode, share: Q.parseDecimal(v) })), source: m.regional_key_source, assumption: m.regional_key_assumption },
    populationPeriod: m.population_period,
    populationPeriodSource: m.population_period_source,
    unit: m.unit === 'øre' ? 'øre' : 'krone',
  };
}

/** The population of a period: municipal figures (with sources) and cluster-level fallbacks. */
export async function populationFromDb(db: Kysely<Schema>, period: string): Promise<{ population: AllocationPopulation; figureSources: Record<string, string> }> {
  const p = await db.selectFrom('population_periods').selectAll().where('period', '=', period).executeTakeFirst();
  if (!p) {
    throw new DomainError('allocation.population-missing', `Der er ingen befolkningstal for ${period}. Indlæs FOLK1A ${period} fra Statistikbanken under Befolkning.`, { period });
  }
  const [figures, clusterLevel] = await Promise.all([
    db.selectFrom('population_figures').selectAll().where('period', '=', period).orderBy('municipality_code').execute(),
    db.selectFrom('cluster_population').selectAll().where('period', '=', period).execute(),
  ]);
  return {
    population: {
      period,
      municipal: new Map(figures.map((f) => [f.municipality_code, f.population])),
      municipalSource: `${p.source} (${String(figures.length)} kommuner)`,
      clusterLevel: new Map(clusterLevel.map((c) => [c.cluster_id, c.population])),
      clusterLevelSource: clusterLevel[0]?.source ?? '',
    },
    figureSources: Object.fromEntries(figures.filter((f) => f.source !== '').map((f) => [f.municipality_code, f.source])),
  };
}

/** A stored run as the API shows it. */
export interface AllocationRunView {
  id: string;
  year: number;
  createdAt: string;
  createdBy: string;
  note: string;
  correctsRunId: string | null;
  inputs: JsonValue;
  result: JsonValue;
}

function runView(row: AllocationRunRow): AllocationRunView {
  return {
    id: String(row.id),
    year: row.year,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    note: row.note,
    correctsRunId: row.corrects_run_id === null ? null : String(row.corrects_run_id),
    inputs: row.inputs,
    result: row.result,
  };
}

export function registerSnapshot(register: Register): JsonValue {
  return register.memberships.map((m) => ({
    cluster: m.clusterId,
    municipality: m.municipalityCode,
    commonFunds: storedBasis(m.basis['common-funds']),
    commonFundsText: formatBasis(m.basis['common-funds']),
  }));
}

/**
 * Computes the year's allocation from the register, model and population in the database and
 * stores it as a new immutable run (inputs and result), with its audit record, in one transaction.
 */
export async function computeAllocationRun(db: Kysely<Schema>, actor: Actor, year: number, opts: { note?: string; correctsRunId?: number } = {}): Promise<AllocationRunView> {
  const row = await inTransaction(db, async (trx) => {
    const register = await registerFromDb(trx, year);
    const model = await modelFromDb(trx, year);
    const { population, figureSources } = await populationFromDb(trx, model.populationPeriod);
    const run = allocationFromSources(register, model, population, figureSources, { population: null, regionalKey: null });
    if (opts.correctsRunId !== undefined) {
      const corrected = await trx.selectFrom('allocation_runs').select(['id', 'year']).where('id', '=', opts.correctsRunId).executeTakeFirst();
      if (corrected?.year !== year) throw new NotFoundError('allocation.run-not-found', `Kørsel ${String(opts.correctsRunId)} for ${String(year)} findes ikke.`);
    }
    const inputs: AllocationInputs & { register: JsonValue } = { ...run.inputs, register: registerSnapshot(register) };
    const inserted = await trx
      .insertInto('allocation_runs')
      .values({
        year,
        inputs: toJson(inputs),
        result: toJson(allocationResultJson(run.result, model)),
        corrects_run_id: opts.correctsRunId ?? null,
        note: opts.note ?? '',
        created_by: actor.name,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, {
      action: 'allocation.run',
      entity: 'allocation_run',
      entityId: String(inserted.id),
      before: null,
      after: { year, totalOre: run.result.total, populationPeriod: model.populationPeriod, note: inserted.note },
    });
    return inserted;
  });
  return runView(row);
}

export async function listAllocationRuns(db: Kysely<Schema>, year: number): Promise<Omit<AllocationRunView, 'inputs' | 'result'>[]> {
  const rows = await db.selectFrom('allocation_runs').selectAll().where('year', '=', year).orderBy('id', 'desc').execute();
  return rows.map((r) => {
    const { inputs: _inputs, result: _result, ...rest } = runView(r);
    return rest;
  });
}

/**
 * A stored run. Runs are immutable (a trigger refuses changes), so each is read and built once per
 * database and the same object is answered after that: callers must not change it.
 */
export async function getAllocationRun(db: Kysely<Schema>, id: number): Promise<AllocationRunView> {
  const cache = immutableCache<AllocationRunView>(db, 'allocation-run-view');
  const hit = cache.get(String(id));
  if (hit !== undefined) return hit;
  const row = await db.selectFrom('allocation_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('allocation.run-not-found', `Fordelingskørsel ${String(id)} findes ikke.`, { id });
  const view = runView(row);
  cache.set(String(id), view);
  return view;
}

/** The year's current allocation: its latest run (its id looked up once per data version, then as getAllocationRun). */
export async function latestAllocationRun(db: Kysely<Schema>, year: number): Promise<AllocationRunView> {
  // Which run is the latest changes only with the data: kept until then (the run itself is immutable and kept by getAllocationRun).
  const row = await cachedByDataVersion(db, 'latest-allocation-run', String(year), () => db.selectFrom('allocation_runs').select('id').where('year', '=', year).orderBy('id', 'desc').limit(1).executeTakeFirst());
  if (!row) throw new NotFoundError('allocation.run-not-found', `Der er endnu ingen fordeling for ${String(year)}.`, { year });
  return getAllocationRun(db, row.id);
}

/** The year's allocation model as the API shows and edits it (amounts in øre, shares as text). */
export interface AllocationModelView {
  year: number;
  municipalTotalOre: number;
  regionalTotalOre: number;
  regionalKey: StoredRegionalKey;
  regionalKeySource: string;
  regionalKeyAssumption: boolean;
  populationPeriod: string;
  populationPeriodSource: string;
  unit: 'krone' | 'øre';
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export async function getAllocationModel(db: Kysely<Schema>, year: number): Promise<AllocationModelView> {
  const m = await db.selectFrom('allocation_models').selectAll().where('year', '=', year).executeTakeFirst();
  if (!m) throw new NotFoundError('allocation.model-not-found', `Der er ingen fordelingsmodel for ${String(year)}.`, { year });
  return {
    year,
    municipalTotalOre: m.municipal_total_ore,
    regionalTotalOre: m.regional_total_ore,
    regionalKey: m.regional_key,
    regionalKeySource: m.regional_key_source,
    regionalKeyAssumption: m.regional_key_assumption,
    populationPeriod: m.population_period,
    populationPeriodSource: m.population_period_source,
    unit: m.unit === 'øre' ? 'øre' : 'krone',
    version: m.version,
    updatedAt: m.updated_at.toISOString(),
    updatedBy: m.updated_by,
  };
}

export type AllocationModelChanges = Partial<Pick<AllocationModelView, 'municipalTotalOre' | 'regionalTotalOre' | 'regionalKey' | 'regionalKeySource' | 'regionalKeyAssumption' | 'populationPeriod' | 'populationPeriodSource' | 'unit'>>;

/**
 * Changes the year's model when `expectedVersion` is the stored one (else `conflict.stale`); a
 * regional key given as amounts must add up to the regional total. Audited old → new. Existing
 * runs are untouched: the next run uses the new model.
 */
export async function updateAllocationModel(db: Kysely<Schema>, actor: Actor, year: number, expectedVersion: number, changes: AllocationModelChanges): Promise<AllocationModelView> {
  await inTransaction(db, async (trx) => {
    const before = await getAllocationModel(trx, year);
    if (before.version !== expectedVersion) {
      throw new ConflictError('conflict.stale', `Fordelingsmodellen for ${String(year)} er ændret af ${before.updatedBy} siden du hentede den. Hent den igen, og gentag din ændring.`);
    }
    const next = { ...before, ...changes };
    if (next.regionalKey.kind === 'amounts') {
      const sum = Object.values(next.regionalKey.values).reduce((s, v) => s + v, 0);
      if (sum !== next.regionalTotalOre) {
        throw new DomainError('allocation.regional-key-sum', `Regionsnøglens beløb giver ${String(sum / 100)} kr., men regionernes samlede beløb er ${String(next.regionalTotalOre / 100)} kr.`);
      }
    } else {
      for (const v of Object.values(next.regionalKey.values)) Q.parseDecimal(v);
    }
    const regions = await trx.selectFrom('regions').select('code').execute();
    const codes = new Set(regions.map((r) => r.code));
    if (Object.keys(next.regionalKey.values).length !== codes.size || Object.keys(next.regionalKey.values).some((c) => !codes.has(c))) {
      throw new DomainError('allocation.regional-key-regions', 'Regionsnøglen skal have netop én værdi for hver af de fem regioner (1081–1085).');
    }
    await trx
      .updateTable('allocation_models')
      .set({
        municipal_total_ore: next.municipalTotalOre,
        regional_total_ore: next.regionalTotalOre,
        regional_key: toJson(next.regionalKey),
        regional_key_source: next.regionalKeySource,
        regional_key_assumption: next.regionalKeyAssumption,
        population_period: next.populationPeriod,
        population_period_source: next.populationPeriodSource,
        unit: next.unit,
        version: before.version + 1,
        updated_at: now(),
        updated_by: actor.name,
      })
      .where('year', '=', year)
      .execute();
    const { version: _v, updatedAt: _a, updatedBy: _b, ...auditBefore } = before;
    const { version: _v2, updatedAt: _a2, updatedBy: _b2, ...auditAfter } = next;
    await recordChange(trx, actor, { action: 'allocation.model', entity: 'allocation_model', entityId: String(year), before: auditBefore, after: auditAfter });
  });
  return getAllocationModel(db, year);
}
