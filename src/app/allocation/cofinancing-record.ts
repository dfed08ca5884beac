import type { Kysely } from 'kysely';
import { secretariatCoFinancing, type CoFinancing } from '../../core/cofinancing.ts';
import { isoDate } from '../../core/calendar.ts';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { formatKr, ore, type Øre } from '../../core/money.ts';
import * as Q from '../../core/rational.ts';
import { renderCsv, type OutputTable } from '../../infra/export/table-output.ts';
import { writeWorkbook } from '../../infra/export/xlsx.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { registerFromDb } from '../register/index.ts';
import { explainRow } from '../../core/distribution.ts';
import { modelFromDb, populationFromDb } from './runs.ts';
import { now } from '../../infra/clock.ts';
import { z } from 'zod';
import { parseStored, storedOre } from '../../infra/db/stored-json.ts';

/**
 * The secretariat co-financing (objektiv medfinansiering, seed 003) as a decided record per
 * cluster-year: the cost (e.g. ½ årsværk = 370.000 kr.), the key (each municipality's basis,
 * with København's districts and Rødovre's half population explained), the decision it rests on
 * and the result. Saving computes the result again on the server (never trusts a client's
 * figures), replaces the cluster-year's record under an optimistic version and is audited.
 */

/** One municipality's line of the decided co-financing. */
export interface CoFinancingLine {
  readonly municipalityCode: string;
  readonly municipalityName: string;
  readonly basisKind: string;
  /** The exact population it counts with, as a fraction "num/den" (e.g. "41382/2"). */
  readonly basis: string;
  readonly basisNote: string;
  /** Share of the total basis, exact fraction. */
  readonly share: string;
  readonly amountOre: Øre;
  readonly explanation: string;
}

/** The decided lines as stored (`secretariat_cofinancing.result`). */
const storedLines: z.ZodType<CoFinancingLine[]> = z.array(
  z.object({ municipalityCode: z.string(), municipalityName: z.string(), basisKind: z.string(), basis: z.string(), basisNote: z.string(), share: z.string(), amountOre: storedOre, explanation: z.string() }),
);

export interface CoFinancingRecord {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly year: number;
  readonly costOre: Øre;
  readonly populationPeriod: string;
  readonly decisionReference: string;
  readonly decidedOn: string;
  readonly lines: CoFinancingLine[];
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface CoFinancingDecision {
  /** The stored version (0 when the cluster-year has no record yet). */
  readonly version: number;
  readonly costOre: number;
  /** Where it was decided, e.g. "Klyngens politiske møde 12.09.2022, pkt. 4". */
  readonly decisionReference: string;
  readonly decidedOn: string;
}

/** Computes the co-financing from the register and the year's population in the database. */
export async function computeCoFinancing(db: Kysely<Schema>, clusterId: string, year: number, costOre: Øre): Promise<{ result: CoFinancing; populationPeriod: string }> {
  const register = await registerFromDb(db, year);
  const model = await modelFromDb(db, year);
  const { population } = await populationFromDb(db, model.populationPeriod);
  return { result: secretariatCoFinancing(register, clusterId, population.municipal, costOre, 'krone'), populationPeriod: model.populationPeriod };
}

function linesOf(c: CoFinancing): CoFinancingLine[] {
  return c.rows.map((r) => ({
    municipalityCode: r.municipalityCode,
    municipalityName: r.municipality,
    basisKind: r.basisKind,
    basis: Q.toFractionString(r.basis),
    basisNote: r.basisNote,
    share: Q.toFractionString(r.row.shareOfTotal),
    amountOre: r.amount,
    explanation: explainRow(r.row, c.distribution),
  }));
}

export async function getCoFinancingRecord(db: Kysely<Schema>, clusterId: string, year: number): Promise<CoFinancingRecord | null> {
  const row = await db
    .selectFrom('secretariat_cofinancing')
    .innerJoin('clusters', 'clusters.id', 'secretariat_cofinancing.cluster_id')
    .selectAll('secretariat_cofinancing')
    .select('clusters.name as cluster_name')
    .where('cluster_id', '=', clusterId)
    .where('year', '=', year)
    .executeTakeFirst();
  if (!row) return null;
  return {
    clusterId,
    clusterName: row.cluster_name,
    year,
    costOre: ore(row.cost_ore),
    populationPeriod: row.population_period,
    decisionReference: row.decision_reference,
    decidedOn: row.decided_on,
    lines: parseStored(storedLines, row.result, { table: 'secretariat_cofinancing', column: 'result', id: `${clusterId}/${String(year)}` }),
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** Decides (saves) the co-financing of a cluster-year; a stale version is 409 and nothing changes. */
export async function decideCoFinancing(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, input: CoFinancingDecision): Promise<CoFinancingRecord> {
  const reference = input.decisionReference.trim();
  if (reference === '') throw new DomainError('cofinancing.no-decision', 'Angiv beslutningen, som medfinansieringen hviler på (fx møde og punkt).');
  const decidedOn = isoDate(input.decidedOn, 'Beslutningsdatoen');
  const cost = ore(input.costOre);
  if (cost % 100 !== 0) throw new DomainError('cofinancing.whole-kroner', 'Udgiften skal være et helt antal kroner.');
  await inTransaction(db, async (trx) => {
    const { result, populationPeriod } = await computeCoFinancing(trx, clusterId, year, cost);
    const lines = linesOf(result);
    const current = await trx.selectFrom('secretariat_cofinancing').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).forUpdate().executeTakeFirst();
    const had = current?.version ?? 0;
    if (had !== input.version) {
      throw new ConflictError(
        'conflict.stale',
        `Medfinansieringen er ændret af ${current?.updated_by ?? 'en anden'} siden du hentede den (version ${String(had)}, du havde ${String(input.version)}). Hent den igen, og gentag din ændring.`,
        { currentVersion: had },
      );
    }
    const values = { cost_ore: cost, population_period: populationPeriod, decision_reference: reference, decided_on: decidedOn, result: toJson(lines), updated_at: now(), updated_by: actor.name };
    if (current) await trx.updateTable('secretariat_cofinancing').set({ ...values, version: had + 1 }).where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    else await trx.insertInto('secretariat_cofinancing').values({ cluster_id: clusterId, year, ...values }).execute();
    const audited = (c: number, ref: string, on: string, l: JsonValue): JsonValue => ({ costOre: c, decisionReference: ref, decidedOn: on, result: l });
    await recordChange(trx, actor, {
      action: 'cofinancing.decide',
      entity: 'secretariat_cofinancing',
      entityId: `${clusterId}/${String(year)}`,
      before: current ? audited(current.cost_ore, current.decision_reference, current.decided_on, current.result) : null,
      after: audited(cost, reference, decidedOn, lines.map((l) => ({ municipalityCode: l.municipalityCode, amountOre: l.amountOre }))),
    });
  });
  const saved = await getCoFinancingRecord(db, clusterId, year);
  if (!saved) throw new NotFoundError('cofinancing.not-found', 'Medfinansieringen blev ikke gemt.');
  return saved;
}

/** The decided record as a table for CSV and xlsx (the total is a formula in the workbook). */
export function coFinancingTable(r: CoFinancingRecord): OutputTable {
  const share = (f: string): number => {
    const [n = '0', d = '1'] = f.split('/');
    return Number(n) / Number(d);
  };
  return {
    title: `Sekretariat ${r.clusterName} ${String(r.year)}`,
    columns: [
      { key: 'code', label: 'Kommunekode', type: 'text' },
      { key: 'municipality', label: 'Kommune', type: 'text' },
      { key: 'basis', label: 'Befolkningsgrundlag', type: 'number' },
      { key: 'note', label: 'Sådan tæller kommunen', type: 'text' },
      { key: 'share', label: 'Andel', type: 'number' },
      { key: 'amount', label: 'Medfinansiering', type: 'ore' },
    ],
    rows: [
      ...r.lines.map((l) => ({ kind: 'detail' as const, values: { code: l.municipalityCode, municipality: l.municipalityName, basis: share(l.basis), note: l.basisNote, share: share(l.share), amount: l.amountOre } })),
      { kind: 'total' as const, values: { code: '', municipality: 'I alt', basis: r.lines.reduce((s, l) => s + share(l.basis), 0), note: '', share: 1, amount: r.lines.reduce((s, l) => s + l.amountOre, 0) } },
    ],
    wholeKroner: true,
    notes: [
      `Udgift: ${formatKr(r.costOre)}. Beslutning: ${r.decisionReference} (${r.decidedOn}). Befolkningstal: ${r.populationPeriod}.`,
      'Fordelt efter befolkning (objektiv medfinansiering) med største-rest-metoden; rækkerne summerer præcist til udgiften.',
    ],
  };
}

export type CoFinancingFormat = 'csv' | 'xlsx';

export async function coFinancingFile(r: CoFinancingRecord, format: CoFinancingFormat): Promise<{ filename: string; contentType: string; body: string | Uint8Array }> {
  const table = coFinancingTable(r);
  const base = `medfinansiering-sekretariat-${r.clusterId}-${String(r.year)}`;
  if (format === 'csv') {
    // A BOM so Excel opens the Danish letters right.
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: `\uFEFF${renderCsv([table])}` };
  }
  return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await writeWorkbook([table]) };
}
