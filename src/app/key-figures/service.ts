import type { Kysely } from 'kysely';
import { aggregateNational, type Figure } from '../../core/key-figures/aggregate.ts';
import { parseKeyFigureFile, PERIOD_PATTERN, type KeyFigureRow } from '../../core/key-figures/file.ts';
import { clusterPoint, showNational, targetProgress, type SeriesPoint, type ShownNational, type TargetProgress } from '../../core/key-figures/series.ts';
import { ConflictError, DomainError, InvalidFileError, isDomainError, NotFoundError } from '../../core/errors.ts';
import { parseDecimal, toDecimalString, toNumber } from '../../core/rational.ts';
import type { Register } from '../../core/register.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import type { KeyIndicatorsTable } from '../../infra/db/schema-key-figures.ts';
import { registerFromDb, registerYearsInDb } from '../register/index.ts';
import { now, newId } from '../../infra/clock.ts';
import { z } from 'zod';
import { parseStored } from '../../infra/db/stored-json.ts';
import { readCsv } from '../../infra/csv.ts';

/** The four data-package themes (seed 001 §17), in the package's order. */
export const THEMES = [
  { id: 'population', name: 'Populationsoverblik' },
  { id: 'vulnerable-elderly', name: 'De sårbare ældre' },
  { id: 'chronic', name: 'Kronikere' },
  { id: 'psychiatry', name: 'Psykiatri' },
] as const;

export type Indicator = KeyIndicatorsTable & { periods: string[] };

export async function listIndicators(db: Kysely<Schema>): Promise<Indicator[]> {
  const [rows, periods] = await Promise.all([
    db.selectFrom('key_indicators').selectAll().orderBy('position').execute(),
    db.selectFrom('key_figures').select(['indicator_id', 'period']).distinct().execute(),
  ]);
  return rows.map((r) => ({ ...r, periods: periods.filter((p) => p.indicator_id === r.id).map((p) => p.period).sort() }));
}

async function indicator(db: Kysely<Schema>, id: string): Promise<KeyIndicatorsTable> {
  const row = await db.selectFrom('key_indicators').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('key-figures.indicator-not-found', `Nøgletallet "${id}" findes ikke i kataloget.`, { id });
  return row;
}

/**
 * The register a period is aggregated by: the cluster division of the period's year, or — for a
 * year without a register (e.g. 2020, before the clusters) — the nearest year's, said in `label`.
 */
export async function registerForPeriod(db: Kysely<Schema>, period: string, cache = new Map<number, Register>()): Promise<{ register: Register; label: string }> {
  const years = await registerYearsInDb(db);
  const wanted = Number(period.slice(0, 4));
  const year = [...years].sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || a - b)[0];
  if (year === undefined) throw new NotFoundError('register.not-found', 'Der er intet register.');
  let register = cache.get(year);
  if (!register) {
    register = await registerFromDb(db, year);
    cache.set(year, register);
  }
  return { register, label: year === wanted ? `klyngeinddelingen ${String(year)}` : `klyngeinddelingen ${String(year)} (der er ingen for ${String(wanted)})` };
}

export interface KeyFigureImportPreview {
  importId: string;
  rows: number;
  indicators: { id: string; name: string; periods: string[]; rows: number }[];
  /** Rows whose figure differs from a stored one, and rows that are new. */
  changed: number;
  added: number;
}

/**
 * Step 1: validates a key-figure file (the long format, see src/core/key-figures/file.ts) against
 * the catalogue and the newest register. Any error refuses the whole file with every line named
 * (DomainError `import.key-figures`); a valid file waits as a pending import, nothing else changes.
 */
export async function previewKeyFigureImport(db: Kysely<Schema>, actor: Actor, text: string, filename: string | null, source?: string): Promise<KeyFigureImportPreview> {
  const years = await registerYearsInDb(db);
  const latest = years.at(-1);
  if (latest === undefined) throw new NotFoundError('register.not-found', 'Der er intet register.');
  const register = await registerFromDb(db, latest);
  const catalogue = await db.selectFrom('key_indicators').selectAll().orderBy('position').execute();
  const fileSource = source ?? `Nøgletalsfil${filename ? ` ${filename}` : ''} indlæst af ${actor.name}`;
  let rows: KeyFigureRow[];
  try {
    rows = parseKeyFigureFile(text, catalogue, register, fileSource, readCsv);
  } catch (e) {
    if (isDomainError(e)) throw new InvalidFileError('import.key-figures', e.message, { errors: e.details['errors'] ?? [] });
    throw e;
  }
  const stored = await db.selectFrom('key_figures').select(['indicator_id', 'area', 'period', 'numerator', 'denominator']).where('indicator_id', 'in', [...new Set(rows.map((r) => r.indicatorId))]).execute();
  const old = new Map(stored.map((s) => [`${s.indicator_id}|${s.area}|${s.period}`, s]));
  let changed = 0;
  let added = 0;
  for (const r of rows) {
    const o = old.get(`${r.indicatorId}|${r.area}|${r.period}`);
    if (!o) added++;
    else if (o.numerator !== r.numerator || o.denominator !== r.denominator) changed++;
  }
  const id = newId();
  await db.insertInto('key_figure_imports').values({ id, filename, source: fileSource, rows: toJson(rows), created_by: actor.name }).execute();
  return {
    importId: id,
    rows: rows.length,
    indicators: catalogue.flatMap((c) => {
      const mine = rows.filter((r) => r.indicatorId === c.id);
      return mine.length === 0 ? [] : [{ id: c.id, name: c.name, periods: [...new Set(mine.map((r) => r.period))].sort(), rows: mine.length }];
    }),
    changed,
    added,
  };
}

/** A pending import's validated rows as stored (`key_figure_imports.rows`). */
const storedRows: z.ZodType<KeyFigureRow[]> = z.array(
  z.object({ indicatorId: z.string(), area: z.string(), areaKind: z.enum(['municipality', 'cluster', 'share']), period: z.string(), numerator: z.number(), denominator: z.number().nullable(), source: z.string() }),
);

/** Step 2: stores a pending import's figures (replacing the same indicator/area/period) with its audit record, in one transaction. */
export async function confirmKeyFigureImport(db: Kysely<Schema>, actor: Actor, importId: string): Promise<{ rows: number }> {
  return inTransaction(db, async (trx) => {
    const pending = await trx.selectFrom('key_figure_imports').selectAll().where('id', '=', importId).forUpdate().executeTakeFirst();
    if (!pending) throw new NotFoundError('key-figures.import-not-found', 'Indlæsningen findes ikke; læs filen ind igen.', { importId });
    if (pending.confirmed_at !== null) throw new ConflictError('conflict.already-confirmed', 'Indlæsningen er allerede bekræftet.');
    const rows = parseStored(storedRows, pending.rows, { table: 'key_figure_imports', column: 'rows', id: importId });
    let replaced = 0;
    for (const r of rows) {
      const del = await trx.deleteFrom('key_figures').where('indicator_id', '=', r.indicatorId).where('area', '=', r.area).where('period', '=', r.period).executeTakeFirst();
      replaced += Number(del.numDeletedRows);
    }
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('key_figures')
        .values(rows.slice(i, i + 500).map((r) => ({ indicator_id: r.indicatorId, area: r.area, area_kind: r.areaKind, period: r.period, numerator: r.numerator, denominator: r.denominator, source: r.source, import_id: importId })))
        .execute();
    }
    await trx.updateTable('key_figure_imports').set({ confirmed_at: now() }).where('id', '=', importId).execute();
    await recordChange(trx, actor, {
      action: 'key-figures.import',
      entity: 'key_figure_import',
      entityId: importId,
      before: null,
      after: { filename: pending.filename, source: pending.source, rows: rows.length, replaced, indicators: [...new Set(rows.map((r) => r.indicatorId))] },
    });
    return { rows: rows.length };
  });
}

async function figuresOf(db: Kysely<Schema>, indicatorId: string, period: string): Promise<Map<string, Figure>> {
  const rows = await db.selectFrom('key_figures').select(['area', 'numerator', 'denominator']).where('indicator_id', '=', indicatorId).where('period', '=', period).execute();
  return new Map(rows.map((r) => [r.area, { numerator: r.numerator, denominator: r.denominator }]));
}

async function periodsOf(db: Kysely<Schema>, indicatorId: string): Promise<string[]> {
  const rows = await db.selectFrom('key_figures').select('period').distinct().where('indicator_id', '=', indicatorId).execute();
  return rows.map((r) => r.period).sort();
}

async function sourcesOf(db: Kysely<Schema>, indicatorId: string, period: string | null): Promise<string[]> {
  let q = db.selectFrom('key_figures').select('source').distinct().where('indicator_id', '=', indicatorId);
  if (period !== null) q = q.where('period', '=', period);
  return (await q.execute()).map((r) => r.source).sort();
}

export interface NationalView {
  indicator: KeyIndicatorsTable;
  period: string;
  periods: string[];
  registerLabel: string;
  sources: string[];
  table: ShownNational;
}

/** One indicator in one period for every region and cluster, suppressed (national readers). */
export async function nationalKeyFigures(db: Kysely<Schema>, indicatorId: string, period?: string): Promise<NationalView> {
  const ind = await indicator(db, indicatorId);
  const periods = await periodsOf(db, indicatorId);
  const chosen = period ?? periods.at(-1);
  if (chosen === undefined) throw new DomainError('key-figures.no-data', `Der er endnu ingen tal for ${ind.name}; indlæs en nøgletalsfil.`, { indicatorId });
  if (!periods.includes(chosen)) throw new DomainError('key-figures.no-data', `Der er ingen tal for ${ind.name} i ${chosen}.`, { indicatorId, period: chosen });
  const { register, label } = await registerForPeriod(db, chosen);
  const table = showNational(aggregateNational(register, await figuresOf(db, indicatorId, chosen)), ind.per);
  return { indicator: ind, period: chosen, periods, registerLabel: label, sources: await sourcesOf(db, indicatorId, chosen), table };
}

export interface TargetView {
  value: string;
  period: string;
  note: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
  progress: TargetProgress;
}

export interface ClusterSeriesView {
  indicator: KeyIndicatorsTable;
  clusterId: string;
  cluster: string;
  regionCode: string;
  region: string;
  points: (SeriesPoint & { registerLabel: string })[];
  sources: string[];
  target: TargetView | null;
}

/**
 * A cluster's time series for one indicator beside its region and the country, each period
 * suppressed in the whole national table (so nothing here can be combined with another cluster's
 * view to reveal a small cell), and its target with the development against it.
 */
export async function clusterKeyFigures(db: Kysely<Schema>, clusterId: string, indicatorId: string): Promise<ClusterSeriesView> {
  const ind = await indicator(db, indicatorId);
  const cluster = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'regions.code', 'regions.name as region']).where('clusters.id', '=', clusterId).executeTakeFirst();
  if (!cluster) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
  const cache = new Map<number, Register>();
  const points: ClusterSeriesView['points'] = [];
  for (const period of await periodsOf(db, indicatorId)) {
    const { register, label } = await registerForPeriod(db, period, cache);
    const point = clusterPoint(period, showNational(aggregateNational(register, await figuresOf(db, indicatorId, period)), ind.per), clusterId);
    if (point) points.push({ ...point, registerLabel: label });
  }
  const t = await db.selectFrom('key_figure_targets').selectAll().where('cluster_id', '=', clusterId).where('indicator_id', '=', indicatorId).executeTakeFirst();
  return {
    indicator: ind,
    clusterId,
    cluster: cluster.name,
    regionCode: cluster.code,
    region: cluster.region,
    points,
    sources: await sourcesOf(db, indicatorId, null),
    target: t
      ? {
          value: t.target_value,
          period: t.target_period,
          note: t.note,
          version: t.version,
          updatedAt: t.updated_at.toISOString(),
          updatedBy: t.updated_by,
          progress: targetProgress(points, { value: toNumber(parseDecimal(t.target_value)), period: t.target_period }, ind.direction),
        }
      : null,
  };
}

/**
 * Sets a cluster's target for an indicator (a new one, or a change naming the version it read;
 * else `conflict.stale`). The value is in the indicator's unit (e.g. 12,5 pr. 1.000). Audited.
 */
export async function setTarget(
  db: Kysely<Schema>,
  actor: Actor,
  clusterId: string,
  indicatorId: string,
  input: { value: string; period: string; note: string; version: number | null },
): Promise<ClusterSeriesView> {
  await indicator(db, indicatorId);
  let value: string;
  try {
    const q = parseDecimal(input.value);
    if (q.num < 0n) throw new Error('negativ');
    value = toDecimalString(q, 6);
  } catch {
    throw new DomainError('key-figures.target-invalid', `Målet "${input.value}" er ikke et tal ≥ 0 (fx 12,5).`, { field: 'value' });
  }
  if (!PERIOD_PATTERN.test(input.period)) throw new DomainError('key-figures.target-invalid', `"${input.period}" er ikke en periode som 2025 eller 2025K1.`, { field: 'period' });
  await inTransaction(db, async (trx) => {
    const before = await trx.selectFrom('key_figure_targets').selectAll().where('cluster_id', '=', clusterId).where('indicator_id', '=', indicatorId).forUpdate().executeTakeFirst();
    if ((before?.version ?? null) !== input.version) {
      throw new ConflictError('conflict.stale', before ? `Målet er ændret af ${before.updated_by} siden du hentede det. Hent siden igen, og gentag din ændring.` : 'Målet findes ikke længere; hent siden igen.');
    }
    if (before) {
      await trx
        .updateTable('key_figure_targets')
        .set({ target_value: value, target_period: input.period, note: input.note, version: before.version + 1, updated_at: now(), updated_by: actor.name })
        .where('cluster_id', '=', clusterId)
        .where('indicator_id', '=', indicatorId)
        .execute();
    } else {
      await trx.insertInto('key_figure_targets').values({ cluster_id: clusterId, indicator_id: indicatorId, target_value: value, target_period: input.period, note: input.note, updated_by: actor.name }).execute();
    }
    await recordChange(trx, actor, {
      action: 'key-figures.target',
      entity: 'key_figure_target',
      entityId: `${clusterId}/${indicatorId}`,
      before: before ? { value: before.target_value, period: before.target_period, note: before.note } : null,
      after: { value, period: input.period, note: input.note },
    });
  });
  return clusterKeyFigures(db, clusterId, indicatorId);
}

export interface IndicatorInput {
  name: string;
  theme: KeyIndicatorsTable['theme'];
  kind: KeyIndicatorsTable['kind'];
  per: number;
  unit: string;
  definition: string;
  source: string;
  direction: KeyIndicatorsTable['direction'];
}

/**
 * Adds an indicator to the catalogue or changes one (audited old → new). What a stored figure
 * means — count or rate, and per how many — cannot change once figures exist: that would change
 * every figure's value; add a new indicator instead.
 */
export async function saveIndicator(db: Kysely<Schema>, actor: Actor, id: string, input: IndicatorInput): Promise<Indicator> {
  if (input.kind === 'count' && input.per !== 1) throw new DomainError('key-figures.indicator-invalid', 'Et antal har ingen "pr."; vælg 1.', { field: 'per' });
  await inTransaction(db, async (trx) => {
    const before = await trx.selectFrom('key_indicators').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (before && (before.kind !== input.kind || before.per !== input.per)) {
      const used = await trx.selectFrom('key_figures').select('indicator_id').where('indicator_id', '=', id).limit(1).executeTakeFirst();
      if (used) throw new DomainError('key-figures.indicator-in-use', `Der er indlæst tal for "${before.name}", så art og "pr." kan ikke ændres (det ville ændre alle tallene). Opret et nyt nøgletal i stedet.`, { field: 'kind' });
    }
    if (before) {
      await trx.updateTable('key_indicators').set(input).where('id', '=', id).execute();
    } else {
      const last = await trx.selectFrom('key_indicators').select((eb) => eb.fn.max<number>('position').as('p')).executeTakeFirst();
      await trx.insertInto('key_indicators').values({ id, ...input, position: Number(last?.p ?? 0) + 1 }).execute();
    }
    await recordChange(trx, actor, { action: 'key-figures.indicator', entity: 'key_indicator', entityId: id, before: before ? { ...before } : null, after: { ...input } });
  });
  const saved = (await listIndicators(db)).find((i) => i.id === id);
  if (!saved) throw new NotFoundError('key-figures.indicator-not-found', `Nøgletallet "${id}" findes ikke.`);
  return saved;
}
