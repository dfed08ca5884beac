import type { Kysely } from 'kysely';
import { ConflictError, InvalidFileError, isDomainError, NotFoundError } from '../../core/errors.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { parseFolk1a } from './folk1a.ts';
import { now, newId } from '../../infra/clock.ts';

/** A population period as the API lists it. */
export interface PeriodView {
  period: string;
  source: string;
  municipalities: number;
  total: number;
  importedAt: string;
  importedBy: string;
}

export async function listPopulationPeriods(db: Kysely<Schema>): Promise<PeriodView[]> {
  const rows = await db
    .selectFrom('population_periods')
    .leftJoin('population_figures', 'population_figures.period', 'population_periods.period')
    .select((eb) => [
      'population_periods.period',
      'population_periods.source',
      'population_periods.imported_at',
      'population_periods.imported_by',
      eb.fn.count<string>('population_figures.municipality_code').as('municipalities'),
      eb.fn.coalesce(eb.fn.sum<string>('population_figures.population'), eb.lit(0)).as('total'),
    ])
    .groupBy(['population_periods.period', 'population_periods.source', 'population_periods.imported_at', 'population_periods.imported_by'])
    .orderBy('population_periods.period', 'desc')
    .execute();
  return rows.map((r) => ({
    period: r.period,
    source: r.source,
    municipalities: Number(r.municipalities),
    total: Number(r.total),
    importedAt: r.imported_at.toISOString(),
    importedBy: r.imported_by,
  }));
}

export interface ImportPreview {
  importId: string;
  period: string;
  source: string;
  municipalities: number;
  /** Every municipality whose figure is new or differs from the stored one. */
  changes: { municipalityCode: string; municipalityName: string; oldPopulation: number | null; newPopulation: number }[];
}

/**
 * Step 1 of an import: validates a StatBank FOLK1A file against the municipalities in the
 * database. A file with any error is refused as a whole (DomainError `import.population` with
 * every `{line, message}`); a valid file is kept as a pending import and nothing else changes.
 */
export async function previewPopulationImport(db: Kysely<Schema>, actor: Actor, text: string, filename: string | null): Promise<ImportPreview> {
  const municipalities = await db.selectFrom('municipalities').selectAll().orderBy('code').execute();
  const muni = municipalities.map((m) => ({ code: m.code, name: m.name, regionCode: m.region_code }));
  let table;
  try {
    table = parseFolk1a(text, muni, { sourceLabel: `Danmarks Statistik, Statistikbanken FOLK1A${filename ? ` (fil: ${filename})` : ''}` });
  } catch (e) {
    if (isDomainError(e)) {
      throw new InvalidFileError('import.population', `Filen er ikke indlæst: ${e.message}`, { errors: e.details['errors'] ?? [{ line: Number(e.details['line'] ?? 0), message: e.message }] });
    }
    throw e;
  }
  const stored = await db.selectFrom('population_figures').select(['municipality_code', 'population']).where('period', '=', table.period).execute();
  const old = new Map(stored.map((s) => [s.municipality_code, s.population]));
  const id = newId();
  await db
    .insertInto('population_imports')
    .values({ id, period: table.period, source: table.source, figures: toJson(Object.fromEntries(table.byMunicipality)), created_by: actor.name })
    .execute();
  return {
    importId: id,
    period: table.period,
    source: table.source,
    municipalities: table.byMunicipality.size,
    changes: muni.flatMap((m) => {
      const next = table.byMunicipality.get(m.code);
      const before = old.get(m.code) ?? null;
      return next === undefined || next === before ? [] : [{ municipalityCode: m.code, municipalityName: m.name, oldPopulation: before, newPopulation: next }];
    }),
  };
}

/**
 * Step 2: writes a pending import's figures — the period and every figure in one transaction with
 * its audit record (old → new per municipality). A second confirm is refused.
 */
export async function confirmPopulationImport(db: Kysely<Schema>, actor: Actor, importId: string): Promise<{ period: string; count: number }> {
  return inTransaction(db, async (trx) => {
    const pending = await trx.selectFrom('population_imports').selectAll().where('id', '=', importId).forUpdate().executeTakeFirst();
    if (!pending) throw new NotFoundError('population.import-not-found', 'Indlæsningen findes ikke; læs filen ind igen.', { importId });
    if (pending.confirmed_at !== null) throw new ConflictError('conflict.already-confirmed', `Indlæsningen af ${pending.period} er allerede bekræftet.`);
    const figures = Object.entries(pending.figures);
    const before = await trx.selectFrom('population_figures').select(['municipality_code', 'population']).where('period', '=', pending.period).execute();
    const existing = await trx.selectFrom('population_periods').select(['period', 'version']).where('period', '=', pending.period).executeTakeFirst();
    if (existing) {
      await trx.updateTable('population_periods').set({ source: pending.source, imported_by: actor.name, imported_at: now(), version: existing.version + 1 }).where('period', '=', pending.period).execute();
      await trx.deleteFrom('population_figures').where('period', '=', pending.period).execute();
    } else {
      await trx.insertInto('population_periods').values({ period: pending.period, source: pending.source, imported_by: actor.name }).execute();
    }
    await trx
      .insertInto('population_figures')
      .values(figures.map(([code, population]) => ({ period: pending.period, municipality_code: code, population, source: pending.source })))
      .execute();
    await trx.updateTable('population_imports').set({ confirmed_at: now() }).where('id', '=', importId).execute();
    await recordChange(trx, actor, {
      action: 'population.import',
      entity: 'population_period',
      entityId: pending.period,
      before: before.length === 0 ? null : Object.fromEntries(before.map((b) => [b.municipality_code, b.population])),
      after: pending.figures,
    });
    return { period: pending.period, count: figures.length };
  });
}
