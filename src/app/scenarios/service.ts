import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { allocationResultJson, latestAllocationRun, modelFromDb, populationFromDb, registerSnapshot } from '../allocation/index.ts';
import { allocationFromSources } from '../allocation/index.ts';
import type { AllocationModel } from '../../core/allocation.ts';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import { parseDecimal } from '../../core/rational.ts';
import { secretariatCoFinancing } from '../../core/cofinancing.ts';
import { applyScenario, compareCoFinancing, compareResults, type CoFinancingComparisonRow, type ComparableResult, type ComparisonRow, type ScenarioInputs } from '../../core/scenario.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { registerFromDb } from '../register/index.ts';
import { now, newId } from '../../infra/clock.ts';
import { jsonValue, parseStored } from '../../infra/db/stored-json.ts';

/** The stored result as the comparison reads it (jsonb is untyped, so it is checked). */
const comparable = z.object({
  regions: z.array(
    z.object({
      regionCode: z.string(),
      region: z.string(),
      clusters: z.array(z.object({ clusterId: z.string(), cluster: z.string(), municipalOre: z.number().int(), regionalOre: z.number().int(), totalOre: z.number().int() })),
    }),
  ),
  municipalities: z.array(z.object({ code: z.string(), name: z.string(), byCluster: z.array(z.object({ clusterId: z.string(), amountOre: z.number().int() })) })).optional(),
});

function readResult(json: JsonValue, what: string): ComparableResult {
  const parsed = comparable.safeParse(json);
  if (!parsed.success) throw new DomainError('scenario.unreadable', `${what} kan ikke læses.`);
  return parsed.data as ComparableResult;
}

/** A scenario's inputs as stored (`allocation_scenarios.inputs`); checked on write by the HTTP request schema. */
const storedInputs: z.ZodType<ScenarioInputs> = z.object({
  populationPeriod: z.string().exactOptional(),
  populationImportId: z.string().exactOptional(),
  regionalKey: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('amounts'), values: z.record(z.string(), z.number().int()), source: z.string() }),
      z.object({ kind: z.literal('shares'), values: z.record(z.string(), z.string()), source: z.string() }),
    ])
    .exactOptional(),
  districtFigures: z.array(z.object({ clusterId: z.string(), municipalityCode: z.string(), population: z.number().int() })).exactOptional(),
  regionalSplits: z
    .array(z.discriminatedUnion('kind', [z.object({ regionCode: z.string(), kind: z.literal('population') }), z.object({ regionCode: z.string(), kind: z.literal('agreed'), weights: z.record(z.string(), z.string()), source: z.string() })]))
    .exactOptional(),
});

function inputsOf(row: { id: string; inputs: JsonValue }): ScenarioInputs {
  return parseStored(storedInputs, row.inputs, { table: 'allocation_scenarios', column: 'inputs', id: row.id });
}

/** The model a run was computed with, as its inputs record it (so a scenario starts from the decided run, not from today's model). */
const recordedModel = z.object({
  municipalTotalOre: z.number().int(),
  regionalTotalOre: z.number().int(),
  regionalKey: z.object({
    kind: z.enum(['amounts', 'shares']),
    entries: z.array(z.object({ regionCode: z.string(), amountOre: z.number().int().optional(), share: z.string().optional() })),
    source: z.string(),
    assumption: z.boolean(),
  }),
  populationPeriod: z.string(),
  populationPeriodSource: z.string(),
  unit: z.enum(['krone', 'øre']),
  regionalSplits: z.array(z.object({ regionCode: z.string(), weights: z.record(z.string(), z.string()), source: z.string() })).optional(),
});

function modelOfRun(year: number, inputs: JsonValue): AllocationModel | null {
  const parsed = z.object({ model: recordedModel }).safeParse(inputs);
  if (!parsed.success) return null;
  const m = parsed.data.model;
  const k = m.regionalKey;
  return {
    year,
    municipalTotal: ore(m.municipalTotalOre),
    regionalTotal: ore(m.regionalTotalOre),
    regionalKey:
      k.kind === 'amounts'
        ? { kind: 'amounts', entries: k.entries.map((e) => ({ regionCode: e.regionCode, amount: ore(e.amountOre ?? 0) })), source: k.source, assumption: k.assumption }
        : { kind: 'shares', entries: k.entries.map((e) => ({ regionCode: e.regionCode, share: parseDecimal(e.share ?? '0') })), source: k.source, assumption: k.assumption },
    populationPeriod: m.populationPeriod,
    populationPeriodSource: m.populationPeriodSource,
    unit: m.unit,
    ...(m.regionalSplits ? { regionalSplits: m.regionalSplits.map((r) => ({ regionCode: r.regionCode, weights: new Map(Object.entries(r.weights).map(([c, w]) => [c, parseDecimal(w)])), source: r.source })) } : {}),
  };
}

/** The figures of a read FOLK1A file (confirmed or not), as a scenario's population. */
async function populationFile(db: Kysely<Schema>, importId: string): Promise<Awaited<ReturnType<typeof populationFromDb>>> {
  const row = await db.selectFrom('population_imports').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!row) throw new NotFoundError('scenario.population-file-not-found', 'Befolkningsfilen til scenariet findes ikke; læs den ind under Indbyggertal og brug den viste indlæsning.', { field: 'populationImportId' });
  const clusterLevel = await db.selectFrom('cluster_population').selectAll().where('period', '=', row.period).execute();
  return {
    population: {
      period: row.period,
      municipal: new Map(Object.entries(row.figures)),
      municipalSource: `${row.source} (indlæst fil ${row.id}${row.confirmed_at === null ? ', ikke bekræftet' : ''})`,
      clusterLevel: new Map(clusterLevel.map((c) => [c.cluster_id, c.population])),
      clusterLevelSource: clusterLevel[0]?.source ?? '',
    },
    figureSources: {},
  };
}

/** The scenario's allocation: the decided run's model (else the year's model) with the scenario's inputs, on today's register and population. */
async function compute(db: Kysely<Schema>, year: number, inputs: ScenarioInputs, decidedInputs: JsonValue): Promise<{ runInputs: JsonValue; result: JsonValue; registerJson: JsonValue }> {
  const base = await registerFromDb(db, year);
  const file = inputs.populationImportId === undefined ? null : await populationFile(db, inputs.populationImportId);
  const { register, model } = applyScenario(base, modelOfRun(year, decidedInputs) ?? (await modelFromDb(db, year)), file ? { ...inputs, populationPeriod: file.population.period } : inputs);
  const { population, figureSources } = file ?? (await populationFromDb(db, model.populationPeriod));
  const run = allocationFromSources(register, model, population, figureSources, { population: null, regionalKey: null });
  return { runInputs: jsonValue(run.inputs), result: allocationResultJson(run.result, model), registerJson: registerSnapshot(register) };
}

export interface ScenarioSummary {
  id: string;
  year: number;
  name: string;
  createdAt: string;
  createdBy: string;
  decidedRunId: string;
  promotedRunId: string | null;
  promotedAt: string | null;
  promotedBy: string | null;
}

export interface ScenarioView extends ScenarioSummary {
  inputs: JsonValue;
  /** The decided run compared with: the year's current run (it may be newer than the one at creation). */
  comparedRunId: string;
  /** False when a newer run has been decided since the scenario was made (it then compares with the newer one, and cannot be promoted). */
  baseIsCurrent: boolean;
  rows: ComparisonRow[];
  totals: { decidedOre: number; scenarioOre: number; differenceOre: number };
}

type Row = Awaited<ReturnType<typeof loadRow>>;
async function loadRow(db: Kysely<Schema>, id: string) {
  const row = await db.selectFrom('allocation_scenarios').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('scenario.not-found', `Scenariet ${id} findes ikke.`, { id });
  return row;
}

function summary(r: Row): ScenarioSummary {
  return {
    id: r.id,
    year: r.year,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    decidedRunId: String(r.decided_run_id),
    promotedRunId: r.promoted_run_id === null ? null : String(r.promoted_run_id),
    promotedAt: r.promoted_at?.toISOString() ?? null,
    promotedBy: r.promoted_by,
  };
}

/**
 * Computes a named scenario for a year (the decided model with the scenario's inputs) and saves
 * it with its audit record. The year's runs are not touched.
 */
export async function createScenario(db: Kysely<Schema>, actor: Actor, year: number, name: string, inputs: ScenarioInputs): Promise<ScenarioView> {
  const id = newId();
  await inTransaction(db, async (trx) => {
    const decided = await latestAllocationRun(trx, year);
    const { runInputs, result } = await compute(trx, year, inputs, decided.inputs);
    await trx
      .insertInto('allocation_scenarios')
      .values({ id, year, name, inputs: toJson(inputs), run_inputs: toJson(runInputs), result: toJson(result), decided_run_id: Number(decided.id), created_by: actor.name })
      .execute();
    await recordChange(trx, actor, { action: 'scenario.create', entity: 'allocation_scenario', entityId: id, before: null, after: { year, name, inputs: jsonValue(inputs), decidedRunId: decided.id } });
  });
  return getScenario(db, id);
}

export async function listScenarios(db: Kysely<Schema>, year: number): Promise<ScenarioSummary[]> {
  const rows = await db.selectFrom('allocation_scenarios').selectAll().where('year', '=', year).orderBy('created_at', 'desc').execute();
  return rows.map(summary);
}

/** A scenario beside the year's decided run: per cluster and party, decided, scenario, difference. */
export async function getScenario(db: Kysely<Schema>, id: string): Promise<ScenarioView> {
  const row = await loadRow(db, id);
  const decided = await latestAllocationRun(db, row.year);
  const rows = compareResults(readResult(decided.result, `Fordelingskørsel ${decided.id}`), readResult(row.result, `Scenariet ${row.name}`));
  const totals = rows.filter((r) => r.party === 'total').reduce((s, r) => ({ decidedOre: s.decidedOre + r.decidedOre, scenarioOre: s.scenarioOre + r.scenarioOre, differenceOre: s.differenceOre + r.differenceOre }), { decidedOre: 0, scenarioOre: 0, differenceOre: 0 });
  return { ...summary(row), inputs: row.inputs, comparedRunId: decided.id, baseIsCurrent: decided.id === String(row.decided_run_id), rows, totals };
}

/**
 * Makes a scenario the year's decided allocation: an administrator's explicit act. The scenario is
 * computed again on today's data and refused (`conflict.stale`) if that gives another result than
 * the one shown; otherwise it is written as a NEW run (earlier runs stay as they are) with both
 * audit records, in one transaction.
 */
export async function promoteScenario(db: Kysely<Schema>, actor: Actor, id: string, note: string): Promise<{ runId: string }> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('allocation_scenarios').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError('scenario.not-found', `Scenariet ${id} findes ikke.`, { id });
    if (row.promoted_run_id !== null) throw new ConflictError('conflict.already-promoted', `Scenariet "${row.name}" er allerede gjort gældende (kørsel ${String(row.promoted_run_id)}).`);
    const before = await latestAllocationRun(trx, row.year);
    if (before.id !== String(row.decided_run_id)) {
      throw new ConflictError('conflict.stale', `Scenariet "${row.name}" bygger på fordelingskørsel ${String(row.decided_run_id)}, men kørsel ${before.id} er besluttet siden. Lav scenariet igen ud fra den, og se forskellene, før det gøres gældende.`);
    }
    const inputs = inputsOf(row);
    if (inputs.populationImportId !== undefined) {
      const file = await trx.selectFrom('population_imports').select(['period', 'confirmed_at']).where('id', '=', inputs.populationImportId).executeTakeFirst();
      if (file?.confirmed_at === null) {
        throw new DomainError('scenario.population-unconfirmed', `Scenariet bygger på befolkningsfilen for ${file.period}, som ikke er bekræftet. Bekræft filen under Indbyggertal, før scenariet gøres gældende.`);
      }
    }
    const again = await compute(trx, row.year, inputs, before.inputs);
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(again.result)), row.result)) {
      throw new ConflictError('conflict.stale', `Registret, modellen eller befolkningstallene er ændret, siden scenariet "${row.name}" blev beregnet. Lav scenariet igen, og se forskellene, før det gøres gældende.`);
    }
    const inserted = await trx
      .insertInto('allocation_runs')
      .values({
        year: row.year,
        inputs: toJson({ ...(again.runInputs as Record<string, JsonValue>), register: again.registerJson, scenario: { id: row.id, name: row.name, inputs: row.inputs } }),
        result: toJson(again.result),
        corrects_run_id: null,
        note: `Scenariet "${row.name}" gjort gældende${note ? `: ${note}` : ''}`,
        created_by: actor.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('allocation_scenarios').set({ promoted_run_id: inserted.id, promoted_by: actor.name, promoted_at: now() }).where('id', '=', id).execute();
    await recordChange(trx, actor, { action: 'allocation.run', entity: 'allocation_run', entityId: String(inserted.id), before: null, after: { year: row.year, fromScenario: row.id, scenario: row.name, note } });
    await recordChange(trx, actor, { action: 'scenario.promote', entity: 'allocation_scenario', entityId: row.id, before: { decidedRunId: before.id }, after: { decidedRunId: String(inserted.id), note } });
    return { runId: String(inserted.id) };
  });
}

export interface CoFinancingScenarioView {
  scenarioId: string;
  clusterId: string;
  costOre: number;
  decidedPopulationPeriod: string;
  scenarioPopulationPeriod: string;
  rows: CoFinancingComparisonRow[];
}

/**
 * The secretariat co-financing (objektiv medfinansiering) of one cluster under the scenario's
 * inputs (population period, district figures) beside the decided one, for a given cost.
 */
export async function scenarioCoFinancing(db: Kysely<Schema>, id: string, clusterId: string, costOre: number): Promise<CoFinancingScenarioView> {
  const row = await loadRow(db, id);
  const decidedRun = await latestAllocationRun(db, row.year);
  const register = await registerFromDb(db, row.year);
  const model = modelOfRun(row.year, decidedRun.inputs) ?? (await modelFromDb(db, row.year));
  const inputs = inputsOf(row);
  const file = inputs.populationImportId === undefined ? null : await populationFile(db, inputs.populationImportId);
  const scenario = applyScenario(register, model, file ? { ...inputs, populationPeriod: file.population.period } : inputs);
  const [decidedPop, scenarioPop] = await Promise.all([populationFromDb(db, model.populationPeriod), file ?? populationFromDb(db, scenario.model.populationPeriod)]);
  const d = secretariatCoFinancing(register, clusterId, decidedPop.population.municipal, ore(costOre), model.unit);
  const s = secretariatCoFinancing(scenario.register, clusterId, scenarioPop.population.municipal, ore(costOre), model.unit);
  const pick = (c: typeof d): { municipalityCode: string; municipality: string; amount: number }[] => c.rows.map((r) => ({ municipalityCode: r.municipalityCode, municipality: r.municipality, amount: r.amount }));
  return { scenarioId: id, clusterId, costOre, decidedPopulationPeriod: model.populationPeriod, scenarioPopulationPeriod: scenario.model.populationPeriod, rows: compareCoFinancing(pick(d), pick(s)) };
}
