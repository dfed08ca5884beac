import type { Kysely } from 'kysely';
import { ACCOUNT_SYSTEMS, type AccountSystem, type ArtMapping, type ChartOfAccounts, POSTING_PURPOSES, PURPOSE_LABEL, type PostingCharts, type PostingPurpose, validateChart } from '../../core/chart-of-accounts.ts';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { now } from '../../infra/clock.ts';

/**
 * The installation's charts of accounts (kontoplaner) for posting files: one row per chart and
 * the art per kind of posting line, seeded by migration 0007 with the authorised defaults and
 * editable by an administrator (versioned: a stale edit gets conflict.stale; audited old → new).
 */

/** A chart as the API shows it: the core's chart plus who changed it last and its version. */
export interface StoredChart {
  chart: ChartOfAccounts;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

function isSystem(value: string): value is AccountSystem {
  return (ACCOUNT_SYSTEMS as readonly string[]).includes(value);
}

export async function listPostingCharts(db: Kysely<Schema>): Promise<StoredChart[]> {
  const [charts, arts] = await Promise.all([
    db.selectFrom('posting_charts').selectAll().orderBy('account_system').execute(),
    db.selectFrom('posting_chart_arts').selectAll().execute(),
  ]);
  return charts.map((c) => {
    if (!isSystem(c.account_system)) throw new NotFoundError('chart.unknown', `Ukendt kontoplan "${c.account_system}".`);
    const system = c.account_system;
    const mapped = {} as Record<PostingPurpose, ArtMapping>;
    for (const purpose of POSTING_PURPOSES) {
      const a = arts.find((x) => x.account_system === system && x.purpose === purpose);
      if (!a) throw new DomainError('chart.missing-art', `Arten for "${PURPOSE_LABEL[purpose]}" mangler i kontoplanen "${c.name}".`);
      mapped[purpose] = { art: a.art, text: a.art_text, note: a.note, confirmed: a.confirmed };
    }
    return { chart: { system, name: c.name, defaultFunction: c.default_function, dranst: c.dranst, arts: mapped }, version: c.version, updatedBy: c.updated_by, updatedAt: c.updated_at.toISOString() };
  });
}

/** The charts as the pure settlement takes them. */
export async function loadPostingCharts(db: Kysely<Schema>): Promise<PostingCharts> {
  const all = await listPostingCharts(db);
  const of = (system: AccountSystem): ChartOfAccounts => {
    const c = all.find((x) => x.chart.system === system);
    if (!c) throw new NotFoundError('chart.unknown', `Kontoplanen "${system}" mangler i databasen.`);
    return c.chart;
  };
  return { kommunal: of('kommunal'), regional: of('regional') };
}

/** What an administrator sends to change a chart. */
export interface ChartUpdate {
  version: number;
  defaultFunction: string;
  dranst: string;
  arts: Record<PostingPurpose, ArtMapping>;
}

/** Replaces a chart's set-up when `version` is the stored one; all or nothing, audited old → new. */
export async function updatePostingChart(db: Kysely<Schema>, actor: Actor, system: string, update: ChartUpdate): Promise<StoredChart> {
  if (!isSystem(system)) throw new NotFoundError('chart.unknown', `Ukendt kontoplan "${system}"; vælg kommunal eller regional.`);
  await inTransaction(db, async (trx) => {
    const current = (await listPostingCharts(trx)).find((c) => c.chart.system === system);
    if (!current) throw new NotFoundError('chart.unknown', `Kontoplanen "${system}" mangler i databasen.`);
    const next: ChartOfAccounts = {
      ...current.chart,
      defaultFunction: update.defaultFunction.trim(),
      dranst: update.dranst.trim(),
      arts: Object.fromEntries(POSTING_PURPOSES.map((p) => [p, { art: update.arts[p].art.trim(), text: update.arts[p].text.trim(), note: update.arts[p].note.trim(), confirmed: update.arts[p].confirmed }])) as Record<PostingPurpose, ArtMapping>,
    };
    validateChart(next);
    const res = await trx
      .updateTable('posting_charts')
      .set({ default_function: next.defaultFunction, dranst: next.dranst, version: update.version + 1, updated_by: actor.name, updated_at: now() })
      .where('account_system', '=', system)
      .where('version', '=', update.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw new ConflictError('conflict.stale', `Kontoplanen "${current.chart.name}" er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.`);
    }
    for (const purpose of POSTING_PURPOSES) {
      const a = next.arts[purpose];
      await trx.updateTable('posting_chart_arts').set({ art: a.art, art_text: a.text, note: a.note, confirmed: a.confirmed }).where('account_system', '=', system).where('purpose', '=', purpose).execute();
    }
    await recordChange(trx, actor, {
      action: 'posting-chart.update',
      entity: 'posting_chart',
      entityId: system,
      before: { version: current.version, ...auditView(current.chart) },
      after: { version: update.version + 1, ...auditView(next) },
    });
  });
  const stored = (await listPostingCharts(db)).find((c) => c.chart.system === system);
  if (!stored) throw new NotFoundError('chart.unknown', `Kontoplanen "${system}" mangler i databasen.`);
  return stored;
}

function auditView(c: ChartOfAccounts): Record<string, string> {
  const view: Record<string, string> = { defaultFunction: c.defaultFunction, dranst: c.dranst };
  for (const p of POSTING_PURPOSES) view[p] = `${c.arts[p].art} ${c.arts[p].text}${c.arts[p].confirmed ? '' : ' (ikke bekræftet)'}`;
  return view;
}
